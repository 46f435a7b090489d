/* ALTCHA's widget (sign-up form, after too many tries on a dossier number) writes empty "dir" and
   "name" attributes, which are not valid HTML (RGAA 8.2): they are removed as soon as they appear.
   Nothing else of the widget is touched. */
(function () {
  "use strict";

  function clean(root) {
    root.querySelectorAll("[dir=''], input[name='']").forEach(function (node) {
      if (node.getAttribute("dir") === "") node.removeAttribute("dir");
      if (node.tagName === "INPUT" && node.getAttribute("name") === "") node.removeAttribute("name");
    });
  }

  document.querySelectorAll("altcha-widget").forEach(function (widget) {
    clean(widget);
    new MutationObserver(function () { clean(widget); })
      .observe(widget, {subtree: true, childList: true, attributes: true, attributeFilter: ["dir", "name"]});
  });
})();
