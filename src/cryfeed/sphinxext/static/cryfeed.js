// Loaded with defer from the page head, so it runs before pydata-sphinx-theme's own
// deferred script. That theme (0.17) binds its sidebar code to the first .primary-toggle,
// its hidden header button, so the visible sidebar button did nothing, and on a phone the
// sidebar could not be opened (pydata-sphinx-theme#2451). Removing the hidden button
// leaves the visible one first.
document
  .querySelectorAll("#pst-header .primary-toggle")
  .forEach((button) => button.remove());
