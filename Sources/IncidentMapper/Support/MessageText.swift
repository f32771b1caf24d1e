extension String {
    /// This text shortened for an error message: at most `limit` characters, its start and its
    /// end kept around an ellipsis. A message names what was wrong; it never echoes a 100 MB
    /// input back (to a terminal, or in an HTTP problem body).
    ///
    /// ```swift
    /// String(repeating: "7", count: 1_000).clippedForMessage(9)   // "7777…7777"
    /// ```
    public func clippedForMessage(_ limit: Int = 80) -> String {
        guard count > limit else { return self }
        let kept = Swift.max(limit - 1, 2)
        return String(prefix(kept - kept / 2)) + "…" + String(suffix(kept / 2))
    }
}
