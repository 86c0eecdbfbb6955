// Flashcards with spaced review, run in the reader's browser (progressive enhancement:
// without this script the pages show every word, meaning and example as plain content).
// Loaded only by pages holding Korean text (lang="ko": listen buttons, the readings
// switch) or a .cryfeed-flashcards or .cryfeed-review block; no requests beyond the
// book's own words.json, nothing stored outside localStorage.
//
// Progress format (localStorage "cryfeed-practice", and the exported JSON file), format 1:
//   {"format": 1, "words": {"<word>": {"step": <int>, "due": "YYYY-MM-DD" | null}}}
// <word> is the word's Hangul spelling (whitespace collapsed, lower case), so every song
// teaching a word shares its state. A word absent from "words" is new. "Knew it" moves a
// word one step up the schedule INTERVALS (days until its next review: step 1 is due in
// 1 day, step 2 in 3, ... step 6 in 90); "knew it" at step 6 makes it known (due null),
// as does "I know this word". "Not yet" puts it back to step 0, due the next day. A word
// is due on the review page when its due date is today or earlier (the reader's own
// calendar day). A format this script does not know is refused on import, never guessed.
"use strict";

const Practice = (() => {
  const FORMAT = 1;
  const INTERVALS = [1, 3, 7, 15, 30, 90];
  const KEY = "cryfeed-practice";
  const DAY = 86400000;
  const DATE = /^\d{4}-\d{2}-\d{2}$/;

  // The reader's calendar day as YYYY-MM-DD.
  const today = (now = new Date()) =>
    new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
  const addDays = (date, days) =>
    new Date(Date.parse(date + "T00:00:00Z") + days * DAY).toISOString().slice(0, 10);

  const empty = () => ({ format: FORMAT, words: {} });

  // A progress document, checked; throws Error with a message for the reader.
  function parse(text) {
    let data;
    try {
      data = JSON.parse(text);
    } catch {
      throw new Error("not a JSON file");
    }
    if (!data || typeof data !== "object" || data.format !== FORMAT) {
      throw new Error(`not cryfeed progress of format ${FORMAT}`);
    }
    if (!data.words || typeof data.words !== "object" || Array.isArray(data.words)) {
      throw new Error('"words" must be an object');
    }
    const words = {};
    for (const [word, entry] of Object.entries(data.words)) {
      const step = entry && entry.step;
      const due = entry && entry.due;
      if (!Number.isInteger(step) || step < 0 || step > INTERVALS.length) {
        throw new Error(`${word}: "step" must be a whole number from 0 to ${INTERVALS.length}`);
      }
      if (!(due === null || (typeof due === "string" && DATE.test(due)))) {
        throw new Error(`${word}: "due" must be a date YYYY-MM-DD or null`);
      }
      words[word] = { step, due };
    }
    return { format: FORMAT, words };
  }

  // The state after the reader answers: knew (true), not yet (false) or "known".
  function answer(state, word, knew, day) {
    const entry = state.words[word] || { step: 0, due: null };
    let next;
    if (knew === "known" || (knew === true && entry.step >= INTERVALS.length)) {
      next = { step: INTERVALS.length, due: null };
    } else if (knew === true) {
      next = { step: entry.step + 1, due: addDays(day, INTERVALS[entry.step]) };
    } else {
      next = { step: 0, due: addDays(day, 1) };
    }
    return { format: FORMAT, words: { ...state.words, [word]: next } };
  }

  // "new", "known", or "learning" (with its due date).
  const status = (state, word) => {
    const entry = state.words[word];
    if (!entry) return { name: "new" };
    if (entry.due === null) return { name: "known" };
    return { name: "learning", due: entry.due };
  };

  const isDue = (state, word, day) => {
    const entry = state.words[word];
    return Boolean(entry && entry.due !== null && entry.due <= day);
  };

  // Storage may be refused (private modes, settings): practice still works for the visit.
  let memory = null;
  function load() {
    try {
      const stored = window.localStorage.getItem(KEY);
      return stored ? parse(stored) : memory || empty();
    } catch {
      return memory || empty();
    }
  }
  function save(state) {
    memory = state;
    try {
      window.localStorage.setItem(KEY, JSON.stringify(state));
    } catch {
      // kept in memory only
    }
  }

  // The stored readings setting: "off", "rr" (romanization) or "pron" (pronunciation);
  // "on", from when romanization was the only reading, is "rr".
  const readingMode = (value) =>
    value === "on" ? "rr" : ["rr", "pron"].includes(value) ? value : "off";

  return {
    FORMAT, INTERVALS, KEY, today, addDays, empty, parse, answer, status, isDue, load, save,
    readingMode,
  };
})();

if (typeof module === "object" && module.exports) {
  module.exports = Practice;
}

// ------------------------------------------------------------------ the page
if (typeof document !== "undefined") {
  const make = (tag, attributes = {}, text = "") => {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    if (text) element.textContent = text;
    return element;
  };

  // ---------------------------------------------------------------- settings
  const stored = (name) => {
    try {
      return window.localStorage.getItem(name);
    } catch {
      return null;
    }
  };
  const remember = (name, value) => {
    try {
      window.localStorage.setItem(name, value);
    } catch {
      // this visit only
    }
  };
  const header = document.querySelector(".article-header-buttons") || document.body;

  // A header button that is pressed or not, remembered across pages.
  function toggle(label, name, onChange, title = label) {
    const button = make("button", {
      type: "button",
      class: "btn btn-sm cf-toggle",
      "aria-pressed": String(stored(name) === "on"),
      "aria-label": title,
      title,
    }, label);
    button.addEventListener("click", () => {
      const on = button.getAttribute("aria-pressed") !== "true";
      button.setAttribute("aria-pressed", String(on));
      remember(name, on ? "on" : "off");
      onChange(on);
    });
    header.prepend(button);
    onChange(stored(name) === "on");
    return button;
  }

  // Readings above the Hangul (<ruby>): none (the default), the romanization (rt.cf-rr) or
  // the pronunciation (rt.cf-pron), shown by a class on <html> (words.css).
  const READINGS = { off: "No readings", rr: "Romanization", pron: "Pronunciation" };
  {
    const mode = Practice.readingMode(stored("cryfeed-readings"));
    const label = "Readings above the Hangul";
    const select = make("select", { class: "cf-readings", "aria-label": label, title: label });
    for (const [value, text] of Object.entries(READINGS)) {
      select.append(make("option", { value }, text));
    }
    select.value = mode;
    const show = (value) => {
      for (const kind of ["rr", "pron"]) {
        document.documentElement.classList.toggle(`cf-ruby-${kind}`, value === kind);
      }
    };
    select.addEventListener("change", () => {
      remember("cryfeed-readings", select.value);
      show(select.value);
    });
    header.prepend(select);
    show(mode);
  }

  // ---------------------------------------------------------------- listening
  // Speech synthesis with a Korean voice: the buttons exist only when the browser has one.
  const speech = window.speechSynthesis;
  // A loudspeaker drawn here (an emoji needs a font many systems lack; no icon requests).
  const SPEAKER = '<svg viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true">' +
    '<path d="M3 9h4l5-4v14l-5-4H3z" fill="currentColor"/><path d="M15.5 9a4 4 0 0 1 0 6' +
    'M18 6a8 8 0 0 1 0 12" fill="none" stroke="currentColor" stroke-width="2"/></svg>';
  let voice = null;
  let slow = null;
  const spoken = (element) => {
    const copy = element.cloneNode(true);
    copy.querySelectorAll("rt, rp, button").forEach((part) => part.remove());
    return copy.textContent.trim();
  };
  function addListen(root) {
    if (!voice) return;
    for (const element of root.querySelectorAll('article [lang="ko"]')) {
      // One button a Korean text: none inside a reading, a button or a longer Korean text.
      const outer = element.parentElement.closest("[lang]");
      if (element.dataset.cfListen || element.closest("rt, button")) continue;
      // A link out ("Search YouTube for …", a source's title) is for clicking, not study.
      if (element.closest("a.external")) continue;
      if (outer && outer.lang === "ko" && outer.closest("article")) continue;
      element.dataset.cfListen = "1";
      const text = spoken(element);
      const button = make("button", {
        type: "button",
        class: "cf-listen",
        "aria-label": `Listen: ${text}`,
        title: "Listen",
      });
      button.innerHTML = SPEAKER;
      button.addEventListener("click", () => {
        const utterance = new SpeechSynthesisUtterance(text);
        utterance.lang = "ko-KR";
        utterance.voice = voice;
        utterance.rate = slow && slow.getAttribute("aria-pressed") === "true" ? 0.6 : 1;
        speech.cancel();
        speech.speak(utterance);
      });
      (element.closest("a") || element).after(button);
    }
  }
  function findVoice() {
    if (voice || !speech) return;
    voice = speech.getVoices().find((v) => /^ko\b/i.test(v.lang)) || null;
    if (voice) {
      slow = toggle("Slow", "cryfeed-slow-speech", () => {}, "Slow speech");
      addListen(document);
    }
  }
  if (speech) {
    findVoice();
    speech.addEventListener("voiceschanged", findVoice);
  }

  const describe = (state, word) => {
    const s = Practice.status(state, word);
    if (s.name === "learning") return `learning, next review ${s.due}`;
    return s.name;
  };

  // A deck of cards in `host`; cards are {key, ko, pron, rr, meaning, ex: [ko, en]}.
  function deck(host, cards) {
    host.replaceChildren();
    if (!cards.length) {
      host.append(make("p", {}, "No words to practise here."));
      return;
    }
    let position = 0;
    let shown = false;
    const direction = make("fieldset", { class: "cf-direction" });
    direction.append(make("legend", {}, "Show first"));
    for (const [value, label] of [["ko", "Korean"], ["meaning", "Meaning"]]) {
      const id = `${host.id || "cf"}-first-${value}`;
      const input = make("input", { type: "radio", name: `${id}-direction`, id, value });
      if (value === "ko") input.checked = true;
      input.addEventListener("change", () => render());
      direction.append(input, make("label", { for: id }, label));
    }
    const progress = make("p", { class: "cf-progress", "aria-live": "polite" });
    const card = make("div", { class: "cf-card" });
    const flip = make("button", { type: "button", class: "cf-flip" }, "Show answer");
    const knew = make("button", { type: "button", class: "cf-knew" }, "Knew it");
    const notYet = make("button", { type: "button", class: "cf-not-yet" }, "Not yet");
    const known = make("button", { type: "button", class: "cf-known" }, "I know this word");
    const buttons = make("div", { class: "cf-buttons" });
    buttons.append(flip, knew, notYet, known);
    host.append(direction, progress, card, buttons);

    const koreanFirst = () => direction.querySelector("input:checked").value === "ko";
    function render() {
      const state = Practice.load();
      if (position >= cards.length) {
        progress.textContent = `Done: ${cards.length} of ${cards.length} cards.`;
        card.replaceChildren(make("p", {}, "Well done. Come back for the words due again."));
        const again = make("button", { type: "button", class: "cf-again" }, "Start again");
        again.addEventListener("click", () => {
          position = 0;
          shown = false;
          render();
          flip.focus();
        });
        buttons.replaceChildren(again);
        return;
      }
      if (!buttons.contains(flip)) buttons.replaceChildren(flip, knew, notYet, known);
      const word = cards[position];
      progress.textContent =
        `Card ${position + 1} of ${cards.length}: ${describe(state, word.key)}`;
      const korean = make("p", { class: "cf-word", lang: "ko" }, word.ko);
      const reading = make("p", { class: "cf-reading" });
      reading.append(make("span", { lang: "ko" }, `[${word.pron}]`), ` ${word.rr}`);
      const meaning = make("p", { class: "cf-meaning" }, word.meaning);
      const front = koreanFirst() ? [korean] : [meaning];
      const back = koreanFirst() ? [reading, meaning] : [korean, reading];
      if (word.ex) {
        const example = make("p", { class: "cf-example" });
        example.append(make("span", { lang: "ko" }, word.ex[0]), make("br"), word.ex[1]);
        back.push(example);
      }
      card.replaceChildren(...front, ...(shown ? back : []));
      addListen(card);
      flip.hidden = shown;
      knew.hidden = notYet.hidden = !shown;
    }
    flip.addEventListener("click", () => {
      shown = true;
      render();
      knew.focus();
    });
    const grade = (value) => () => {
      const word = cards[position];
      Practice.save(Practice.answer(Practice.load(), word.key, value, Practice.today()));
      position += 1;
      shown = false;
      render();
      (buttons.querySelector(".cf-flip:not([hidden])") || buttons.firstChild).focus();
    };
    knew.addEventListener("click", grade(true));
    notYet.addEventListener("click", grade(false));
    known.addEventListener("click", grade("known"));
    render();
  }

  function progressControls(host, after) {
    const box = make("div", { class: "cf-transfer" });
    const exporter = make("button", { type: "button", class: "cf-export" }, "Export progress");
    const label = make("label", { class: "cf-import" }, "Import progress ");
    const input = make("input", { type: "file", accept: "application/json,.json" });
    label.append(input);
    const message = make("p", { class: "cf-message", role: "status" });
    exporter.addEventListener("click", () => {
      const blob = new Blob([JSON.stringify(Practice.load(), null, 1)], {
        type: "application/json",
      });
      const link = make("a", {
        href: URL.createObjectURL(blob),
        download: `cryfeed-progress-${Practice.today()}.json`,
      });
      document.body.append(link);
      link.click();
      link.remove();
    });
    input.addEventListener("change", async () => {
      const file = input.files && input.files[0];
      if (!file) return;
      try {
        const state = Practice.parse(await file.text());
        Practice.save(state);
        message.textContent = `Imported progress for ${Object.keys(state.words).length} words.`;
        after();
      } catch (error) {
        message.textContent = `Not imported: ${error.message}.`;
      }
    });
    box.append(exporter, label, message);
    host.append(box);
  }

  for (const host of document.querySelectorAll(".cryfeed-flashcards[data-cards]")) {
    deck(host, JSON.parse(host.dataset.cards));
  }

  const review = document.querySelector(".cryfeed-review[data-words]");
  if (review) {
    const summary = make("div", { class: "cf-due" });
    const cards = make("div", { class: "cryfeed-flashcards", id: "cf-review" });
    review.replaceChildren(summary, cards);
    progressControls(review, () => show());
    let words = [];
    function show() {
      const state = Practice.load();
      const day = Practice.today();
      const due = words.filter((word) => Practice.isDue(state, word.key, day));
      const heading = make("p", { class: "cf-count" },
        due.length === 1 ? "1 word due today:" : `${due.length} words due today${due.length ? ":" : "."}`);
      const list = make("ul", { class: "cf-due-list" });
      for (const word of due) {
        const item = make("li");
        item.append(make("span", { lang: "ko" }, word.ko), ` — ${word.meaning}`);
        list.append(item);
      }
      summary.replaceChildren(heading, ...(due.length ? [list] : []));
      deck(cards, due);
    }
    fetch(review.dataset.words)
      .then((response) => response.json())
      .then((list) => {
        words = list.words;
        show();
      })
      .catch(() => {
        summary.textContent = "The word list could not be loaded; try reloading the page.";
      });
  }
}
