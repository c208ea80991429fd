// Markdown editor settings for the Wagtail admin (editorial/wagtail_hooks.py loads this).
//
// - EasyMDE's built-in preview renders Markdown client-side without sanitising it, so a
//   hostile draft could run script in an editor's browser: the preview buttons and shortcuts
//   are removed, and any preview that is still reached shows plain text. Wagtail's own
//   Preview shows the sanitised page.
// - Every toolbar button has a name (title and aria-label) and an icon drawn from our own
//   SVG files (static/css/admin-markdown.css): nothing is fetched from another site.
// - The picture button, a paste and a drop ask for the picture's description (its alt text)
//   in a small dialog, upload it to the image library (uploads/views.py) and insert the
//   reference the site renders as a responsive picture: ![description](image:42).
// - The "?" button opens our own help page (editorial/views.py).
// - The title field counts its characters against its limit.
(function () {
  "use strict";
  var script = document.currentScript;
  var uploadUrl = script && script.dataset.uploadUrl;
  var helpUrl = (script && script.dataset.helpUrl) || "/admin/writing-help/";
  var ACCEPTED = ["image/jpeg", "image/png", "image/gif", "image/webp", "image/avif"];

  window.wagtailMarkdown = window.wagtailMarkdown || {};
  var escape = function (text) {
    var div = document.createElement("div");
    div.textContent = text;
    return "<pre>" + div.innerHTML + "</pre>";
  };

  // The dialog, made once and put outside the page's form (a form may not hold another).
  var dialog = null;
  var target = null; // { cm, file }: where the picture goes, and a pasted or dropped file

  function element(tag, attrs, text) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      el.setAttribute(name, attrs[name]);
    });
    if (text) el.textContent = text;
    return el;
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) return input.value;
    return (window.wagtailConfig && window.wagtailConfig.CSRF_TOKEN) || "";
  }

  function buildDialog() {
    dialog = element("dialog", {
      class: "bj-image-dialog",
      "aria-labelledby": "bj-image-dialog-title",
      "aria-describedby": "bj-image-dialog-help",
    });
    var form = element("form", { method: "dialog", novalidate: "" });
    form.appendChild(element("h2", { id: "bj-image-dialog-title", class: "w-h2" }, "Add a picture"));
    form.appendChild(
      element(
        "p",
        { id: "bj-image-dialog-help", class: "help" },
        "The picture goes into the image library as yours and shows in your text at the size " +
          "each reader's screen needs."
      )
    );
    form.appendChild(element("p", { class: "bj-image-dialog__chosen", hidden: "" }));
    form.appendChild(element("label", { for: "bj-image-file" }, "Picture (JPEG, PNG, GIF, WebP or AVIF)"));
    form.appendChild(
      element("input", { type: "file", id: "bj-image-file", name: "file", accept: ACCEPTED.join(",") })
    );
    form.appendChild(element("label", { for: "bj-image-alt" }, "Describe it for readers who cannot see it"));
    form.appendChild(
      element("input", { type: "text", id: "bj-image-alt", name: "alt", maxlength: "255", autocomplete: "off" })
    );
    form.appendChild(element("p", { class: "bj-image-dialog__error", role: "alert" }));
    var buttons = element("div", { class: "bj-image-dialog__buttons" });
    buttons.appendChild(element("button", { type: "submit", class: "button" }, "Upload and insert"));
    buttons.appendChild(
      element("button", { type: "button", class: "button button-secondary", value: "cancel" }, "Cancel")
    );
    form.appendChild(buttons);
    dialog.appendChild(form);
    document.body.appendChild(dialog);

    buttons.lastChild.addEventListener("click", function () {
      dialog.close();
    });
    dialog.addEventListener("close", function () {
      if (target && target.cm) target.cm.focus();
      target = null;
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      upload(form);
    });
  }

  function showError(message) {
    dialog.querySelector(".bj-image-dialog__error").textContent = message;
  }

  function openDialog(cm, file) {
    if (!dialog) buildDialog();
    target = { cm: cm, file: file || null };
    var form = dialog.querySelector("form");
    form.reset();
    showError("");
    var chosen = dialog.querySelector(".bj-image-dialog__chosen");
    var fileInput = dialog.querySelector("#bj-image-file");
    var fileLabel = dialog.querySelector("label[for=bj-image-file]");
    chosen.hidden = !file;
    fileInput.hidden = fileLabel.hidden = !!file;
    chosen.textContent = file ? "Picture: " + (file.name || "pasted picture") : "";
    dialog.showModal();
    (file ? dialog.querySelector("#bj-image-alt") : fileInput).focus();
  }

  function upload(form) {
    var file = target.file || form.querySelector("#bj-image-file").files[0];
    var alt = form.querySelector("#bj-image-alt").value.trim();
    if (!file) {
      showError("Choose a picture to upload.");
      return;
    }
    if (!alt) {
      showError("Describe the picture for readers who cannot see it.");
      form.querySelector("#bj-image-alt").focus();
      return;
    }
    var data = new FormData();
    data.append("file", file, file.name || "pasted-picture.png");
    data.append("alt", alt);
    var submit = form.querySelector("button[type=submit]");
    submit.disabled = true;
    submit.textContent = "Uploading…";
    fetch(uploadUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
    })
      .then(function (response) {
        return response
          .json()
          .catch(function () {
            return { error: "The upload failed (" + response.status + "). Try again." };
          })
          .then(function (body) {
            return { ok: response.ok, body: body };
          });
      })
      .then(function (result) {
        if (!result.ok) {
          showError(result.body.error || "The upload failed. Try again.");
          return;
        }
        var cm = target.cm;
        var line = cm.getCursor().ch === 0 ? "" : "\n\n";
        cm.replaceSelection(line + result.body.markdown + "\n\n");
        dialog.close();
      })
      .catch(function () {
        showError("The upload did not reach the site. Check your connection and try again.");
      })
      .finally(function () {
        submit.disabled = false;
        submit.textContent = "Upload and insert";
      });
  }

  function imageFile(transfer) {
    if (!transfer || !transfer.files) return null;
    for (var i = 0; i < transfer.files.length; i++) {
      if (ACCEPTED.indexOf(transfer.files[i].type) !== -1) return transfer.files[i];
    }
    return null;
  }

  function editorFor(node) {
    var wrapper = node && node.closest ? node.closest(".CodeMirror") : null;
    return wrapper && wrapper.CodeMirror;
  }

  // Paste and drop: caught before CodeMirror sees them, only when they carry a picture.
  document.addEventListener(
    "paste",
    function (event) {
      var cm = editorFor(event.target);
      var file = cm && imageFile(event.clipboardData);
      if (!file) return;
      event.preventDefault();
      event.stopPropagation();
      openDialog(cm, file);
    },
    true
  );
  document.addEventListener(
    "drop",
    function (event) {
      var cm = editorFor(event.target);
      var file = cm && imageFile(event.dataTransfer);
      if (!file) return;
      event.preventDefault();
      event.stopPropagation();
      cm.setCursor(cm.coordsChar({ left: event.clientX, top: event.clientY }));
      openDialog(cm, file);
    },
    true
  );

  // EasyMDE puts a class starting "fa" on an <i> inside the button, which our stylesheet
  // paints; the button itself gets the item's name as its class.
  function button(name, action, title) {
    return { name: name, action: action, className: "fa", title: title };
  }

  // One of EasyMDE's own actions, looked up when clicked (this script may run before
  // EasyMDE's is loaded). Keyboard shortcuts are EasyMDE's own, bound separately.
  function builtin(name, method, title) {
    return button(
      name,
      function (editor) {
        window.EasyMDE[method](editor);
      },
      title
    );
  }

  window.wagtailMarkdown.options = Object.assign(window.wagtailMarkdown.options || {}, {
    toolbar: [
      builtin("bold", "toggleBold", "Bold"),
      builtin("italic", "toggleItalic", "Italic"),
      builtin("heading", "toggleHeadingSmaller", "Heading"),
      "|",
      builtin("quote", "toggleBlockquote", "Quote"),
      builtin("code", "toggleCodeBlock", "Code"),
      builtin("unordered-list", "toggleUnorderedList", "Bulleted list"),
      builtin("ordered-list", "toggleOrderedList", "Numbered list"),
      "|",
      builtin("link", "drawLink", "Link"),
      button(
        "image",
        function (editor) {
          openDialog(editor.codemirror, null);
        },
        "Add a picture"
      ),
      builtin("table", "drawTable", "Table"),
      builtin("horizontal-rule", "drawHorizontalRule", "Dividing line"),
      "|",
      { name: "guide", action: helpUrl, className: "fa", title: "Markdown help (opens in a new tab)", noDisable: true },
    ],
    shortcuts: { togglePreview: null, toggleSideBySide: null, toggleFullScreen: null },
    previewRender: escape,
    spellChecker: false,
    status: ["lines", "words"],
  });

  // The title's length, against its limit, under the field.
  function countTitle() {
    var title = document.getElementById("id_title");
    var limit = title && Number(title.getAttribute("maxlength"));
    if (!limit || document.getElementById("bj-title-count")) return;
    var count = element("p", { id: "bj-title-count", class: "w-help-text bj-title-count", "aria-live": "polite" });
    var update = function () {
      count.textContent = title.value.length + " of " + limit + " characters";
    };
    title.insertAdjacentElement("afterend", count);
    var described = title.getAttribute("aria-describedby");
    title.setAttribute("aria-describedby", (described ? described + " " : "") + "bj-title-count");
    title.addEventListener("input", update);
    update();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", countTitle);
  } else {
    countTitle();
  }
})();
