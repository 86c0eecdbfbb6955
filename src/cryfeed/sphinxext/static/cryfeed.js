// Loaded with defer from the page head, so it runs before pydata-sphinx-theme's own
// deferred script. That theme (0.17) binds its sidebar code to the first .primary-toggle,
// its hidden header button, so the visible sidebar button did nothing, and on a phone the
// sidebar could not be opened (pydata-sphinx-theme#2451). Removing the hidden button
// leaves the visible one first.
document
  .querySelectorAll("#pst-header .primary-toggle")
  .forEach((button) => button.remove());

// Sphinx's search script writes its results (page titles, the text around each match) as
// plain text. Korean in them gets lang="ko" as on the pages (see cryfeed.book.html's
// KOREAN_RUN, which this pattern mirrors), so screen readers and fonts treat it as Korean.
const searchResults = document.getElementById("search-results");
if (searchResults) {
  const H = "\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff";
  const run = new RegExp(`[${H}]+(?:[\\s\\d.,!?~…/()\\-]*[${H}]+)*`, "g");
  const mark = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const texts = [];
    while (walker.nextNode()) texts.push(walker.currentNode);
    for (const text of texts) {
      const owner = text.parentElement;
      if (!owner || owner.closest('[lang="ko"]')) continue;
      const value = text.nodeValue;
      const parts = document.createDocumentFragment();
      let last = 0;
      for (const match of value.matchAll(run)) {
        parts.append(value.slice(last, match.index));
        const span = document.createElement("span");
        span.lang = "ko";
        span.textContent = match[0];
        parts.append(span);
        last = match.index + match[0].length;
      }
      if (last === 0) continue;
      parts.append(value.slice(last));
      text.replaceWith(parts);
    }
  };
  new MutationObserver((records) => {
    for (const record of records) record.addedNodes.forEach((node) => mark(node));
  }).observe(searchResults, { childList: true, subtree: true });
}
