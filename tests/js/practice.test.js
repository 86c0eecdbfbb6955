// The flashcard schedule and progress format of static/practice.js, on node's test runner
// (node --test tests/js/*.test.js; .ci/run runs it). The clock is mocked: every date is given.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const Practice = require("../../src/cryfeed/sphinxext/static/practice.js");

test("the schedule is 1, 3, 7, 15, 30 and 90 days, then known", () => {
  let state = Practice.empty();
  let day = "2026-01-01";
  const dues = [];
  for (let review = 0; review < 6; review += 1) {
    state = Practice.answer(state, "이별", true, day);
    dues.push(state.words["이별"].due);
    day = state.words["이별"].due;
  }
  assert.deepEqual(dues, [
    "2026-01-02", "2026-01-05", "2026-01-12", "2026-01-27", "2026-02-26", "2026-05-27",
  ]);
  assert.deepEqual(Practice.status(state, "이별"), { name: "learning", due: "2026-05-27" });
  state = Practice.answer(state, "이별", true, day);
  assert.deepEqual(state.words["이별"], { step: 6, due: null });
  assert.deepEqual(Practice.status(state, "이별"), { name: "known" });
});

test("not yet starts the word again tomorrow", () => {
  let state = Practice.answer(Practice.empty(), "있다", true, "2026-03-01");
  state = Practice.answer(state, "있다", true, "2026-03-02");
  state = Practice.answer(state, "있다", false, "2026-03-05");
  assert.deepEqual(state.words["있다"], { step: 0, due: "2026-03-06" });
  state = Practice.answer(state, "있다", true, "2026-03-06");
  assert.deepEqual(state.words["있다"], { step: 1, due: "2026-03-07" });
});

test("I know this word makes it known at once; answering never changes the old state", () => {
  const before = Practice.empty();
  const after = Practice.answer(before, "눈물", "known", "2026-03-01");
  assert.deepEqual(after.words["눈물"], { step: 6, due: null });
  assert.deepEqual(before, { format: 1, words: {} });
  assert.deepEqual(Practice.status(before, "눈물"), { name: "new" });
});

test("a word is due on its day and after, never before, and known words never", () => {
  const state = Practice.parse(JSON.stringify({
    format: 1,
    words: { a: { step: 1, due: "2026-04-10" }, b: { step: 6, due: null } },
  }));
  assert.equal(Practice.isDue(state, "a", "2026-04-09"), false);
  assert.equal(Practice.isDue(state, "a", "2026-04-10"), true);
  assert.equal(Practice.isDue(state, "a", "2026-05-01"), true);
  assert.equal(Practice.isDue(state, "b", "2030-01-01"), false);
  assert.equal(Practice.isDue(state, "new", "2030-01-01"), false);
});

test("today is the reader's calendar day, across month and year ends", () => {
  assert.equal(Practice.today(new Date(2026, 11, 31, 23, 59)), "2026-12-31");
  assert.equal(Practice.today(new Date(2027, 0, 1, 0, 1)), "2027-01-01");
  assert.equal(Practice.addDays("2026-12-31", 1), "2027-01-01");
  assert.equal(Practice.addDays("2028-02-28", 1), "2028-02-29");
});

test("progress of another format or shape is refused with a reason", () => {
  const refused = [
    ["not json", /not a JSON file/],
    ['{"format": 2, "words": {}}', /not cryfeed progress of format 1/],
    ['{"format": 1, "words": []}', /"words" must be an object/],
    ['{"format": 1, "words": {"a": {"step": 9, "due": null}}}', /a: "step" must be/],
    ['{"format": 1, "words": {"a": {"step": 1, "due": "tomorrow"}}}', /a: "due" must be/],
  ];
  for (const [text, reason] of refused) {
    assert.throws(() => Practice.parse(text), reason);
  }
  const kept = { format: 1, words: { a: { step: 2, due: "2026-01-01" } } };
  assert.deepEqual(Practice.parse(JSON.stringify(kept)), kept);
});

test("the readings setting is off, romanization or pronunciation; the old on is romanization", () => {
  assert.equal(Practice.readingMode(null), "off");
  assert.equal(Practice.readingMode("off"), "off");
  assert.equal(Practice.readingMode("rr"), "rr");
  assert.equal(Practice.readingMode("pron"), "pron");
  assert.equal(Practice.readingMode("on"), "rr");
  assert.equal(Practice.readingMode("toString"), "off");
});
