// Fast entry of the harvest: Enter adds the item (Shift+Enter is a new line) and the cursor
// stays in the field for the next one; buttons with data-confirm ask first.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var field = event.target;
    if (event.key !== "Enter" || event.shiftKey || event.isComposing) return;
    if (!field.matches || !field.matches("textarea[data-enter-submits]")) return;
    event.preventDefault();
    if (field.value.trim() && field.form) field.form.requestSubmit();
  });
  document.addEventListener("htmx:afterSettle", function () {
    var field = document.querySelector("[data-refocus]");
    if (field) {
      field.removeAttribute("data-refocus");
      field.focus();
    }
  });
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (button && button.dataset.confirm && !window.confirm(button.dataset.confirm)) event.preventDefault();
  });
})();
