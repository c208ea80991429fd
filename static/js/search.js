/* Suggestions for the search box: an ARIA 1.2 combobox with a listbox popup.
 *
 * Progressive enhancement: without this script the box is a plain search field and the
 * form submits as usual. With it, typing asks /search/suggest/?q= for titles, authors and
 * tags; Up and Down move through them, Enter opens the one chosen (or submits the search
 * when none is), Escape closes the list. Labels arrive as text and go into the page with
 * textContent only, so nothing in a title or a query can become markup.
 */
(function () {
  "use strict";

  var DELAY = 150;
  var MIN_LENGTH = 2;

  function enhance(box) {
    var input = box.querySelector("input[type=search]");
    var url = box.getAttribute("data-suggest-url");
    if (!input || !url || !window.fetch) return;

    var listId = input.id + "-suggestions";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "search-suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggestions");
    list.hidden = true;
    box.appendChild(list);

    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    box.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var timer = null;
    var controller = null;
    var active = -1;
    var lastQuery = "";

    function options() {
      return list.querySelectorAll("[role=option]");
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function open() {
      if (!options().length) return close();
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function setActive(index) {
      var items = options();
      if (!items.length) return;
      if (list.hidden) open();
      active = (index + items.length) % items.length;
      for (var i = 0; i < items.length; i++) {
        items[i].setAttribute("aria-selected", i === active ? "true" : "false");
      }
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function go(option) {
      var href = option && option.getAttribute("data-url");
      if (href) window.location.assign(href);
    }

    /* The label with the typed words marked, built from text nodes only. */
    function markedLabel(label, words) {
      var fragment = document.createDocumentFragment();
      var lower = label.toLowerCase();
      var position = 0;
      while (position < label.length) {
        var next = -1;
        var length = 0;
        for (var w = 0; w < words.length; w++) {
          var found = lower.indexOf(words[w], position);
          if (found !== -1 && (next === -1 || found < next)) {
            next = found;
            length = words[w].length;
          }
        }
        if (next === -1) break;
        fragment.appendChild(document.createTextNode(label.slice(position, next)));
        var mark = document.createElement("mark");
        mark.textContent = label.slice(next, next + length);
        fragment.appendChild(mark);
        position = next + length;
      }
      fragment.appendChild(document.createTextNode(label.slice(position)));
      return fragment;
    }

    function render(items, query) {
      list.textContent = "";
      active = -1;
      input.removeAttribute("aria-activedescendant");
      var words = query.toLowerCase().split(/\s+/).filter(Boolean);
      items.forEach(function (item, index) {
        var option = document.createElement("li");
        option.id = listId + "-" + index;
        option.className = "search-suggestion search-suggestion--" + String(item.kind);
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.setAttribute("data-url", String(item.url || ""));
        var kind = document.createElement("span");
        kind.className = "search-suggestion__kind";
        kind.textContent = String(item.type || "") + ": ";
        var label = document.createElement("span");
        label.className = "search-suggestion__label";
        label.appendChild(markedLabel(String(item.label || ""), words));
        option.appendChild(kind);
        option.appendChild(label);
        option.addEventListener("mousedown", function (event) {
          event.preventDefault(); /* keep focus in the box until we navigate */
        });
        option.addEventListener("click", function () {
          go(option);
        });
        list.appendChild(option);
      });
      status.textContent = items.length
        ? items.length + (items.length === 1 ? " suggestion" : " suggestions") +
          ". Use the up and down arrow keys to choose."
        : "";
      open();
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query === lastQuery) return;
      lastQuery = query;
      if (query.length < MIN_LENGTH) {
        list.textContent = "";
        status.textContent = "";
        return close();
      }
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      var address = url + "?q=" + encodeURIComponent(query);
      fetch(address, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: controller ? controller.signal : undefined,
      })
        .then(function (response) {
          return response.ok ? response.json() : { suggestions: [] };
        })
        .then(function (data) {
          if (input.value.trim() !== query) return;
          render(Array.isArray(data.suggestions) ? data.suggestions : [], query);
        })
        .catch(function () {
          /* aborted or offline: the form still works */
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, DELAY);
    });

    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        setActive(active + 1);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        setActive(active - 1);
      } else if (event.key === "Escape") {
        if (!list.hidden) {
          event.preventDefault();
          close();
        }
      } else if (event.key === "Enter") {
        if (!list.hidden && active >= 0) {
          event.preventDefault();
          go(options()[active]);
        } else {
          close();
        }
      }
    });

    input.addEventListener("blur", function () {
      close();
    });

    input.addEventListener("focus", function () {
      if (options().length && input.value.trim() === lastQuery) open();
    });
  }

  var boxes = document.querySelectorAll(".search-box[data-suggest-url]");
  for (var i = 0; i < boxes.length; i++) enhance(boxes[i]);
})();
