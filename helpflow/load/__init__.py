"""Reading what people write: YAML through the strict loader, files through the safe reader,
the content folder and school files checked into model values, every problem one line."""
