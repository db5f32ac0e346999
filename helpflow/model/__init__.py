"""The value types: flows, schools, languages, username rules, tools. Plain immutable data;
no reading, no writing, no escaping. Every other layer builds on these."""
