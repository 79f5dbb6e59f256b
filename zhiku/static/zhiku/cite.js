// Copy buttons for the cite box. Progressive enhancement: without JavaScript the buttons stay
// hidden and the citation text can be selected and copied by hand.
(function () {
  "use strict";
  if (window.zhikuCiteBoxes) return; // the script may be included once per cite box
  window.zhikuCiteBoxes = true;

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try { done = document.execCommand("copy"); } catch (e) { done = false; }
    document.body.removeChild(area);
    return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    }
    return fallbackCopy(text);
  }

  document.querySelectorAll(".cite-box").forEach(function (box) {
    box.querySelectorAll("button.copy-citation").forEach(function (button) {
      var target = document.getElementById(button.getAttribute("data-copy-target"));
      var status = button.parentNode.querySelector(".copy-status");
      if (!target) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        copy(target.textContent.trim()).then(
          function () { status.textContent = box.getAttribute("data-copied-label"); },
          function () { status.textContent = box.getAttribute("data-failed-label"); }
        );
      });
    });
  });
})();
