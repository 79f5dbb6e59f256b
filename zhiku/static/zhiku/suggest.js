// Search-as-you-type for every input with data-suggest (the URL of /api/v1/suggest): the ARIA
// 1.2 combobox pattern with a listbox popup, no framework. Progressive enhancement: without
// JavaScript the box is a plain search field and the attributes below are never set.
//
// Keys: typing asks for suggestions (debounced); ArrowDown/ArrowUp move through them (the
// focus stays in the input, aria-activedescendant names the option); Enter opens the chosen
// suggestion, or submits the search when none is chosen; Escape closes the list, a second
// Escape clears the box; Alt+ArrowDown opens the list again.
(function () {
  "use strict";
  if (window.zhikuSuggest) return; // the script may be included once per box
  window.zhikuSuggest = true;

  var DELAY = 120;

  function setup(input, index) {
    var url = input.getAttribute("data-suggest");
    var listId = (input.id || "search-box-" + index) + "-suggestions";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.getAttribute("data-suggest-label") || "Suggestions");
    list.hidden = true;
    var status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    var wrapper = document.createElement("span");
    wrapper.className = "suggest-wrap";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);
    wrapper.appendChild(list);
    wrapper.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");

    var items = [];
    var active = -1;
    var timer = null;
    var asked = 0;
    var kinds = {
      person: input.getAttribute("data-kind-person") || "Expert",
      unit: input.getAttribute("data-kind-unit") || "Unit",
      term: input.getAttribute("data-kind-term") || "Term",
      work: input.getAttribute("data-kind-work") || "Work"
    };

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function choose(index) {
      var options = list.children;
      for (var i = 0; i < options.length; i++) {
        options[i].setAttribute("aria-selected", i === index ? "true" : "false");
      }
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function open(index) {
      if (items[index]) window.location.assign(items[index].url);
    }

    function show(found) {
      items = found;
      list.textContent = "";
      found.forEach(function (item, i) {
        var option = document.createElement("li");
        option.id = listId + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.className = "suggestion suggestion-" + item.kind;
        var label = document.createElement("span");
        label.className = "suggestion-label";
        label.textContent = item.label;
        var kind = document.createElement("span");
        kind.className = "suggestion-kind";
        kind.textContent = kinds[item.kind] || item.kind;
        option.appendChild(label);
        if (item.detail) {
          var detail = document.createElement("span");
          detail.className = "suggestion-detail";
          detail.textContent = item.detail;
          option.appendChild(detail);
        }
        option.appendChild(kind);
        option.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep the focus in the input
          open(i);
        });
        list.appendChild(option);
      });
      active = -1;
      if (found.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      } else {
        close();
      }
      status.textContent = found.length
        ? found.length + " " + (input.getAttribute("data-suggest-count") || "suggestions")
        : "";
    }

    function ask() {
      var q = input.value;
      if (!q.trim()) {
        show([]);
        return;
      }
      var ticket = ++asked;
      var target = url + (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(q);
      fetch(target, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) {
          if (ticket === asked && document.activeElement === input) show(data.suggestions || []);
        })
        .catch(function () { if (ticket === asked) show([]); });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY);
    });
    input.addEventListener("keydown", function (event) {
      var expanded = !list.hidden && items.length > 0;
      if (event.key === "ArrowDown") {
        if (!expanded) {
          if (items.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
          else ask();
          if (!event.altKey && items.length) choose(0);
        } else {
          choose(active + 1 < items.length ? active + 1 : 0);
        }
        event.preventDefault();
      } else if (event.key === "ArrowUp" && expanded) {
        choose(active > 0 ? active - 1 : items.length - 1);
        event.preventDefault();
      } else if (event.key === "Enter" && expanded && active >= 0) {
        event.preventDefault();
        open(active);
      } else if (event.key === "Escape") {
        if (expanded) close();
        else input.value = "";
        event.preventDefault();
      } else if (event.key === "Home" || event.key === "End") {
        if (expanded) choose(-1);
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  document.querySelectorAll("input[data-suggest]").forEach(setup);
})();
