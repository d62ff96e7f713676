// Fast entry of the harvest by keyboard: Enter adds the item (Shift+Enter is a new line) and
// the cursor stays in the field for the next one; editing an item moves focus into its form and
// back; Escape cancels an edit; after a delete, focus returns to the section's field;
// buttons with data-confirm ask first.
(function () {
  "use strict";
  var focusAfterSwap = null;

  document.addEventListener("keydown", function (event) {
    var field = event.target;
    if (!field.matches) return;
    if (event.key === "Escape" && field.closest(".entry-item.editing")) {
      var cancel = field.closest(".entry-item.editing").querySelector("a.button.secondary");
      if (cancel) cancel.click();
      return;
    }
    if (event.key !== "Enter" || event.shiftKey || event.isComposing) return;
    if (!field.matches("textarea[data-enter-submits]")) return;
    event.preventDefault();
    if (field.value.trim() && field.form) field.form.requestSubmit();
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (!target || !target.id || target.id.indexOf("item-") !== 0) return;
    var section = target.closest(".entry-section");
    var deleting = (event.detail.requestConfig.path || "").indexOf("/verwijderen/") !== -1;
    focusAfterSwap = deleting && section ? { section: section.id } : { item: target.id };
  });

  document.addEventListener("htmx:afterSettle", function () {
    var field = document.querySelector("[data-refocus]");
    if (field) {
      field.removeAttribute("data-refocus");
      field.focus();
      return;
    }
    if (!focusAfterSwap) return;
    var wanted = focusAfterSwap;
    focusAfterSwap = null;
    if (wanted.section) {
      var section = document.getElementById(wanted.section);
      var input = section && section.querySelector("textarea[data-enter-submits]");
      if (input) input.focus();
      return;
    }
    var item = document.getElementById(wanted.item);
    if (!item) return;
    var next = item.querySelector("textarea") || item.querySelector(".item-actions a");
    if (next) next.focus();
  });

  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (button && button.dataset.confirm && !window.confirm(button.dataset.confirm)) event.preventDefault();
  });
})();
