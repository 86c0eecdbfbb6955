// The "Copy address" buttons of the feed previews (cryfeed.book.html.copy_field), loaded
// with defer on those pages only. Progressive enhancement: without JavaScript the button
// stays hidden and the read-only field still shows the whole address, ready to select.
document.querySelectorAll("button[data-copy-from]").forEach((button) => {
  const field = document.getElementById(button.dataset.copyFrom);
  if (!field) {
    return;
  }
  const status = button.parentElement.querySelector(".cryfeed-copy-status");
  const say = (text) => {
    if (status) {
      status.textContent = text;
    }
  };
  // One click in the field selects all of it, so a manual copy takes the whole address.
  field.addEventListener("focus", () => field.select());
  button.hidden = false;
  button.addEventListener("click", async () => {
    field.focus();
    field.select();
    try {
      // Only in a secure context (https, or a local address).
      await navigator.clipboard.writeText(field.value);
      say("Copied.");
    } catch {
      // Older browsers and plain http: copy the selection the old way.
      say(document.execCommand("copy") ? "Copied." : "Press Ctrl+C (⌘C on a Mac) to copy.");
    }
  });
});
