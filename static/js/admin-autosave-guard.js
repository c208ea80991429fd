// A click on "Save draft" (or Submit, Publish …) waits for an autosave that is on its way
// (editorial/wagtail_hooks.py loads this in the page editor).
//
// Wagtail's autosave posts the form in the background. On a new page its first autosave
// creates the page, and only its answer turns the form into the edit form of that page
// (new action, new hidden fields). A "Save draft" clicked while that autosave is waiting
// for its answer posted the old form to the create view again: a second page, or on
// SQLite a "database is locked". Here the click's submission is held until the autosave
// has finished, then sent again with the same button to wherever the form now goes;
// autosave is switched off once a submission leaves, so none can start behind it.
(function () {
  "use strict";

  function autosaveOf(form) {
    var app = window.wagtail && window.wagtail.app;
    if (!app || !form.matches("form[data-edit-form]")) return null;
    return app.getControllerForElementAndIdentifier(form, "w-autosave");
  }

  // The button that was clicked, found again: the autosave's answer may have replaced the
  // footer (a new page's editor becomes the edit view's).
  function sameButton(form, submitter) {
    if (!submitter) return null;
    if (form.contains(submitter)) return submitter;
    if (!submitter.name) return null;
    var buttons = form.querySelectorAll("button[type=submit], input[type=submit]");
    for (var i = 0; i < buttons.length; i++) {
      if (buttons[i].name === submitter.name) return buttons[i];
    }
    return null;
  }

  function whenIdle(autosave) {
    // An autosave that finishes may start the next one (changes made meanwhile): wait until
    // none is under way.
    if (!autosave.submitPromise) return Promise.resolve();
    return autosave.submitPromise.then(
      function () {
        return whenIdle(autosave);
      },
      function () {
        return whenIdle(autosave);
      }
    );
  }

  function resubmit(form, submitter) {
    var button = sameButton(form, submitter);
    if (button || !submitter || !submitter.name) {
      form.requestSubmit(button || undefined);
      return;
    }
    // The button is gone: send its name and value as it would have.
    var field = document.createElement("input");
    field.type = "hidden";
    field.name = submitter.name;
    field.value = submitter.value;
    form.appendChild(field);
    form.requestSubmit();
  }

  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      var autosave = autosaveOf(form);
      if (!autosave || !autosave.submitPromise) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      var submitter = event.submitter;
      whenIdle(autosave).then(function () {
        resubmit(form, submitter);
      });
    },
    true
  );

  // A submission that goes ahead (no one prevented it): no autosave may start behind it.
  window.addEventListener("submit", function (event) {
    var autosave = autosaveOf(event.target);
    if (autosave && !event.defaultPrevented) autosave.activeValue = false;
  });
})();
