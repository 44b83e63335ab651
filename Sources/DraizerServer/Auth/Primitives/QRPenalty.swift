import Foundation

/// The mask evaluation score of ISO/IEC 18004 §7.8.3; the encoder keeps the mask with the lowest.
///
/// Decoders read any mask, so these rules only affect how easily a camera locks on. Readings of the
/// standard differ on details of rule 3; here modules beyond the edge count as light (the quiet zone is
/// light) and a finder-like pattern scores once even when both of its sides are light.
enum QRPenalty {
    /// The total score of a square, row-major module grid (`true` is dark).
    static func score(modules: [Bool], size: Int) -> Int {
        precondition(modules.count == size * size)
        var score = 0
        for line in 0..<size {
            let row = Array(modules[(line * size)..<((line + 1) * size)])
            let column = (0..<size).map { modules[$0 * size + line] }
            score += runs(row) + finderLike(row) + runs(column) + finderLike(column)
        }
        // Rule 2: 3 points for each 2×2 block of one colour.
        for y in 0..<(size - 1) {
            for x in 0..<(size - 1) {
                let colour = modules[y * size + x]
                if modules[y * size + x + 1] == colour, modules[(y + 1) * size + x] == colour,
                   modules[(y + 1) * size + x + 1] == colour {
                    score += 3
                }
            }
        }
        // Rule 4: 10 points for each full 5 % the dark share is away from 50 %.
        let dark = modules.reduce(0) { $0 + ($1 ? 1 : 0) }
        let total = size * size
        score += 10 * (abs(dark * 20 - total * 10) / total)
        return score
    }

    /// Rule 1: a run of five or more same-coloured modules scores 3, plus 1 per module beyond five.
    static func runs(_ line: [Bool]) -> Int {
        var score = 0
        var runLength = 0
        for index in line.indices {
            runLength = index > 0 && line[index] == line[index - 1] ? runLength + 1 : 1
            let runEnds = index == line.count - 1 || line[index + 1] != line[index]
            if runEnds, runLength >= 5 { score += 3 + (runLength - 5) }
        }
        return score
    }

    /// Rule 3: dark-light-dark-dark-dark-light-dark (1:1:3:1:1) with four light modules before or after
    /// it scores 40.
    static func finderLike(_ line: [Bool]) -> Int {
        let core = [true, false, true, true, true, false, true]
        guard line.count >= core.count else { return 0 }
        func isLight(_ range: Range<Int>) -> Bool {
            range.allSatisfy { !line.indices.contains($0) || !line[$0] }
        }
        var score = 0
        for start in 0...(line.count - core.count) where line[start..<(start + core.count)].elementsEqual(core) {
            if isLight((start - 4)..<start) || isLight((start + 7)..<(start + 11)) { score += 40 }
        }
        return score
    }
}
