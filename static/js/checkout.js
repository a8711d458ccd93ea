// The checkout summary follows the buyer's choices (shipping method, coupon, points): the form
// is posted with "update_totals" (nothing is ordered) and the summary replaced. Without this
// script the "Update totals" button does the same with a full page.
(() => {
  const form = document.querySelector("form[data-checkout]");
  const summary = document.getElementById("order-summary-body");
  if (!form || !summary) return;
  const watched = new Set(["shipping_method", "coupon_code", "points"]);
  let latest = 0;

  async function refresh() {
    const request = ++latest;
    const data = new FormData(form);
    data.set("update_totals", "1");
    summary.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(form.action || window.location.href, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-Checkout-Summary": "1" },
      });
      if (response.ok && request === latest) summary.innerHTML = await response.text();
    } finally {
      if (request === latest) summary.removeAttribute("aria-busy");
    }
  }

  // A saved address chosen: the fields for a new one step aside (they are ignored then).
  const newAddress = form.querySelector("[data-new-address]");
  const savedChoices = form.querySelectorAll("input[name='ship_to_saved']");
  function showNewAddress() {
    if (!newAddress || !savedChoices.length) return;
    const chosen = form.querySelector("input[name='ship_to_saved']:checked");
    newAddress.hidden = Boolean(chosen) && chosen.value !== "new";
  }
  showNewAddress();

  form.addEventListener("change", (event) => {
    if (event.target.name === "ship_to_saved") showNewAddress();
    if (watched.has(event.target.name)) refresh();
  });
  // Enter in the coupon or points field refreshes the summary rather than placing the order.
  form.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && watched.has(event.target.name)) {
      event.preventDefault();
      refresh();
    }
  });
})();
