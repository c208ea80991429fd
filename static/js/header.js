/* The header's menu and search buttons (<details>, which work without this script): opening
 * the search puts the cursor in its box, Escape closes what is open and gives the focus
 * back to its button, and a click outside the header closes it too.
 */
(function () {
  "use strict";

  var drawers = document.querySelectorAll(".header-drawer");
  if (!drawers.length) return;

  function closeAll(except) {
    for (var i = 0; i < drawers.length; i++) {
      if (drawers[i] !== except) drawers[i].open = false;
    }
  }

  for (var i = 0; i < drawers.length; i++) {
    drawers[i].addEventListener("toggle", function (event) {
      var drawer = event.target;
      if (!drawer.open) return;
      closeAll(drawer); /* where <details name> is not known yet */
      var input = drawer.querySelector("input[type=search]");
      if (input) input.focus();
    });
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    for (var i = 0; i < drawers.length; i++) {
      if (drawers[i].open) {
        var list = drawers[i].querySelector(".search-suggestions");
        if (list && !list.hidden) return; /* the suggestions close first (search.js) */
        drawers[i].open = false;
        drawers[i].querySelector("summary").focus();
      }
    }
  });

  document.addEventListener("click", function (event) {
    if (!event.target.closest(".site-header")) closeAll(null);
  });
})();
