// Quick order: "More rows" adds a row in place (without this script it reloads the page with
// five more), and the SKU fields suggest products as the buyer types (a shared <datalist>
// filled from the SKU search, a quarter of a second after the last key).
(() => {
  const form = document.querySelector("form[data-quick-order]");
  if (!form) return;
  const rows = form.querySelector("[data-rows]");
  const datalist = document.getElementById("sku-suggestions");
  const url = form.dataset.suggestUrl;

  function renumber(row, number) {
    row.classList.remove("has-error");
    row.querySelectorAll(".field-error").forEach((error) => error.remove());
    row.querySelectorAll("input").forEach((input) => {
      input.id = input.id.replace(/\d+$/, String(number));
      input.value = "";
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
    });
    row.querySelectorAll("label").forEach((label) => {
      label.htmlFor = label.htmlFor.replace(/\d+$/, String(number));
      const hidden = label.querySelector(".visually-hidden");
      if (hidden) hidden.textContent = hidden.textContent.replace(/\d+/, String(number));
    });
  }

  form.querySelector("[data-add-row]").addEventListener("click", (event) => {
    event.preventDefault();
    const last = rows.querySelector("[data-row]:last-child");
    const row = last.cloneNode(true);
    renumber(row, rows.children.length + 1);
    rows.appendChild(row);
    row.querySelector("input").focus();
  });

  let timer = 0;
  let latest = 0;
  async function suggest(text) {
    const request = ++latest;
    const response = await fetch(`${url}?q=${encodeURIComponent(text)}`, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    if (!response.ok || request !== latest) return;
    const { results } = await response.json();
    datalist.replaceChildren(
      ...results.map((product) => {
        const option = document.createElement("option");
        option.value = product.sku;
        option.label = product.name;
        return option;
      }),
    );
  }

  form.addEventListener("input", (event) => {
    if (event.target.name !== "sku") return;
    const text = event.target.value.trim();
    window.clearTimeout(timer);
    if (text.length < 2) return;
    timer = window.setTimeout(() => suggest(text), 250);
  });
})();
