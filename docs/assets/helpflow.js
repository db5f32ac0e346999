// Remember the parent's explicit language choice, so the site's root page opens in it next time.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element ? event.target.closest("a.md-select__link[hreflang]") : null;
    if (!link) return;
    try { window.localStorage.setItem("helpflow.language", link.getAttribute("hreflang")); } catch (e) { /* storage off */ }
  });
})();
