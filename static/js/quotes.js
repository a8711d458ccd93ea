// The request-for-quotation form: "Add a line" copies the empty line of the formset.
(function () {
  "use strict";
  var button = document.querySelector("[data-add-quote-line]");
  if (!button) return;
  button.addEventListener("click", function () {
    var total = document.getElementById("id_lines-TOTAL_FORMS");
    var template = document.getElementById("quote-line-template");
    var html = template.innerHTML.replace(/__prefix__/g, total.value);
    document.getElementById("quote-lines").insertAdjacentHTML("beforeend", html);
    total.value = String(parseInt(total.value, 10) + 1);
  });
})();
