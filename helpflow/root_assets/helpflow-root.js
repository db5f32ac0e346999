// The root page lists the school's languages as plain links (its list, ul.languages; the footer
// links each language's accessibility statement). With JavaScript, go on
// to the parent's earlier choice, or else to the browser's preferred language.
(function () {
  "use strict";
  var links = document.querySelectorAll(".languages a[hreflang]");
  var offered = {};
  for (var i = 0; i < links.length; i++) offered[links[i].getAttribute("hreflang")] = links[i];
  var choice = null;
  try { choice = window.localStorage.getItem("helpflow.language"); } catch (e) { /* storage off */ }
  if (!offered[choice]) {
    choice = null;
    var preferred = navigator.languages || [navigator.language || ""];
    for (var j = 0; j < preferred.length && !choice; j++) {
      var code = String(preferred[j]).slice(0, 2).toLowerCase();
      if (offered[code]) choice = code;
    }
  }
  for (var k = 0; k < links.length; k++) {
    links[k].addEventListener("click", function (event) {
      try { window.localStorage.setItem("helpflow.language", event.currentTarget.getAttribute("hreflang")); } catch (e) { /* storage off */ }
    });
  }
  if (choice) window.location.replace(offered[choice].getAttribute("href") + window.location.hash);
})();
