/**
 * What the lesson runner needs of the lessons themselves: their texts,
 * checks, start and solution files (~100 KB), and the live checker. A chunk
 * of its own, loaded through lesson-catalog.ts.
 */
export { evaluateLiveExchange } from "../../lessons/evaluate-check.ts";
export { LESSONS, lessonById } from "../../lessons/lessons-vite.ts";
