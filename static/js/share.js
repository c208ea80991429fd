/* The share row at the end of a story or tutorial (templates/blog/share.html).
 *
 * Progressive enhancement: without this script readers see the page's address in a
 * read-only field they can select and copy. The "Copy link" button appears only where the
 * browser can write to the clipboard, the "Share…" button only where it has a system share
 * sheet (navigator.share). Nothing is sent anywhere: no third-party script, no counter.
 * What happened is also said in a polite live region for screen readers.
 */
(function () {
  "use strict";

  var RESET_AFTER = 2500;

  function enhance(row) {
    var field = row.querySelector("[data-share-url]");
    var copy = row.querySelector("[data-share-copy]");
    var system = row.querySelector("[data-share-system]");
    var status = row.querySelector("[data-share-status]");
    if (!field) return;
    var url = field.value;
    var title = row.getAttribute("data-share-title") || document.title;

    field.addEventListener("focus", function () {
      field.select();
    });

    var timer = null;
    function say(shown, message) {
      copy.textContent = shown;
      status.textContent = message;
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        copy.textContent = "Copy link";
        copy.classList.remove("is-copied");
      }, RESET_AFTER);
    }

    if (copy && navigator.clipboard && navigator.clipboard.writeText) {
      copy.hidden = false;
      copy.addEventListener("click", function () {
        navigator.clipboard.writeText(url).then(
          function () {
            copy.classList.add("is-copied");
            say("Copied", "The link to this page is copied to the clipboard.");
          },
          function () {
            say("Not copied", "Could not copy: select the address and copy it yourself.");
            field.focus();
          }
        );
      });
    }

    if (system && typeof navigator.share === "function") {
      system.hidden = false;
      system.addEventListener("click", function () {
        navigator.share({ title: title, url: url }).catch(function () {
          /* The reader closed the sheet: nothing to say. */
        });
      });
    }
  }

  function start() {
    var rows = document.querySelectorAll("[data-share]");
    for (var i = 0; i < rows.length; i++) enhance(rows[i]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
