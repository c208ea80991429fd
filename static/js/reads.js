/* One read of this story or tutorial, for "Most read this week" (home/reads.py).
 *
 * Sent once, after the page has been visible for a few seconds (a quick bounce is not a
 * read), with navigator.sendBeacon: a POST to this site only, no cookie set or read, no
 * identifier. Without JavaScript or sendBeacon nothing is counted.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var url = script && script.getAttribute("data-read-url");
  if (!url || !navigator.sendBeacon) return;

  var DELAY = 4000;
  var timer = null;
  var sent = false;

  function send() {
    if (sent) return;
    sent = true;
    navigator.sendBeacon(url);
  }

  function watch() {
    if (document.visibilityState === "visible" && !sent && timer === null) {
      timer = window.setTimeout(send, DELAY);
    } else if (document.visibilityState !== "visible" && timer !== null) {
      window.clearTimeout(timer);
      timer = null;
    }
  }

  document.addEventListener("visibilitychange", watch);
  watch();
})();
