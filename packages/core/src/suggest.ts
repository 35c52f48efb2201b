/** "Did you mean …?" for names a user mistyped: the closest known name, when one is close. */
export function closestName(word: string, known: Iterable<string>): string | undefined {
  let best: string | undefined
  let bestDistance = Infinity
  for (const candidate of known) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase())
    if (d < bestDistance) {
      best = candidate
      bestDistance = d
    }
  }
  // Close means at most a third of the word changed (a typo, a snake_case spelling).
  return bestDistance <= Math.max(2, Math.ceil(word.length / 3)) ? best : undefined
}

/** `; did you mean 'x'?` or nothing, for the end of a message. */
export function didYouMean(word: string, known: Iterable<string>): string {
  const name = closestName(word, known)
  return name === undefined ? '' : `; did you mean '${name}'?`
}

/** Levenshtein distance, with underscores ignored so `weight_decay` is close to `weightDecay`. */
function editDistance(a: string, b: string): number {
  a = a.replace(/_/g, '')
  b = b.replace(/_/g, '')
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution)
    }
    previous = current
  }
  return previous[b.length]
}
