// The admin's `bj-init` controller: makes the calls Wagtail would make from inline scripts,
// which the Content-Security-Policy refuses (contentsecurity/choosers.py writes them as data).
// Stimulus connects it when the element appears, on load and in HTML added later, such as
// an InlinePanel's new child or a modal. Only the calls below can be asked for, so markup
// that reached a page some other way cannot make this call anything else.
(function () {
  "use strict";
  var construct = function (name) {
    return function () {
      var args = Array.prototype.slice.call(arguments);
      return new (Function.prototype.bind.apply(window[name], [null].concat(args)))();
    };
  };
  var call = function (name) {
    return function () {
      return window[name].apply(window, arguments);
    };
  };
  var CALLS = {
    InlinePanel: construct("InlinePanel"),
    MultipleChooserPanel: construct("MultipleChooserPanel"),
    initDateChooser: call("initDateChooser"),
    initTimeChooser: call("initTimeChooser"),
    initDateTimeChooser: call("initDateTimeChooser"),
    createTaskChooser: call("createTaskChooser"),
  };
  // Wagtail's choosers: Chooser, PageChooser, ImageChooser, DocumentChooser, SnippetChooser…
  var CHOOSER = /^[A-Z][A-Za-z]*Chooser$|^Chooser$/;

  var InitController = class extends window.StimulusModule.Controller {
    static values = { call: String, args: String };

    connect() {
      var name = this.callValue;
      var make = Object.prototype.hasOwnProperty.call(CALLS, name)
        ? CALLS[name]
        : CHOOSER.test(name) && construct(name);
      // The arguments are JSON inside a JavaScript string literal, as Wagtail's scripts have them.
      var args = JSON.parse(JSON.parse('"' + this.argsValue + '"'));
      this.element.remove();
      if (!make) {
        throw new Error("bj-init cannot call " + name);
      }
      make.apply(null, args);
    }
  };
  window.wagtail.app.register("bj-init", InitController);
})();
