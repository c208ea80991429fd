/* A "Copy" button on every code block (the frames blog/code_blocks.py renders).
 *
 * Progressive enhancement: the page shows the code, and its language's label, without this
 * script; the button only exists once the script has checked that the browser can copy, so
 * no reader sees a button that does nothing. What was copied (or that copying failed) is
 * also said in a polite live region for screen readers.
 */
(function () {
  "use strict";

  var RESET_AFTER = 2000;

  function statusRegion() {
    var region = document.createElement("p");
    region.className = "visually-hidden";
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    document.body.appendChild(region);
    return region;
  }

  function addButton(block, status) {
    var code = block.querySelector("pre code") || block.querySelector("pre");
    if (!code) return;
    var bar = block.querySelector(".code-block__bar");
    if (!bar) {
      bar = document.createElement("div");
      bar.className = "code-block__bar";
      block.insertBefore(bar, block.firstChild);
    }
    var language = bar.querySelector(".code-block__language");
    var what = language ? language.textContent + " code" : "code";

    var button = document.createElement("button");
    button.type = "button";
    button.className = "code-block__copy";
    var visible = document.createElement("span");
    visible.textContent = "Copy";
    var hidden = document.createElement("span");
    hidden.className = "visually-hidden";
    hidden.textContent = " " + what;
    button.appendChild(visible);
    button.appendChild(hidden);
    bar.appendChild(button);

    var timer = null;
    function say(shown, message) {
      visible.textContent = shown;
      status.textContent = message;
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        visible.textContent = "Copy";
      }, RESET_AFTER);
    }

    button.addEventListener("click", function () {
      var text = code.textContent.replace(/\n$/, "");
      navigator.clipboard.writeText(text).then(
        function () {
          say("Copied", "The " + what + " is copied to the clipboard.");
        },
        function () {
          say("Not copied", "Could not copy: select the " + what + " and copy it yourself.");
        }
      );
    });
  }

  function enhance() {
    if (!navigator.clipboard || !navigator.clipboard.writeText) return;
    var blocks = document.querySelectorAll(".code-block");
    if (!blocks.length) return;
    var status = statusRegion();
    for (var i = 0; i < blocks.length; i++) addButton(blocks[i], status);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
