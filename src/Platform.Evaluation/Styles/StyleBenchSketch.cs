using System.Text.RegularExpressions;
using Platform.Evaluation.Datasets;

namespace Platform.Evaluation.Styles;

/// <summary>
/// StyleBench's Sketch-of-Thought: the paradigm is chosen for each question. The original routes questions with a
/// trained classifier; this is a fixed rule over the question's words instead, so a run is reproducible anywhere:
/// <list type="number">
/// <item>a specialist's vocabulary (planning moves, data structures, algorithms) gives <b>expert lexicons</b>;</item>
/// <item>otherwise two or more numbers written with digits, or an arithmetic operator between digits, give
/// <b>chunked symbolism</b>;</item>
/// <item>anything else gives <b>conceptual chaining</b>.</item>
/// </list>
/// </summary>
public static partial class StyleBenchSketch
{
    public static SketchParadigm ParadigmFor(Item item)
    {
        var question = item.Question;
        if (TechnicalTerm().IsMatch(question))
        {
            return SketchParadigm.ExpertLexicons;
        }
        if (Digits().Count(question) >= 2 || Operation().IsMatch(question))
        {
            return SketchParadigm.ChunkedSymbolism;
        }
        return SketchParadigm.ConceptualChaining;
    }

    /// <summary>The paradigm's instruction, in the place of the other strategies' one sentence (Thoughtboard's wording).</summary>
    public static string Instruction(SketchParadigm paradigm) => Wordings(paradigm)[0];

    /// <summary>
    /// The paradigm's instruction in each wording (0 is the original). The n-th wordings of the three paradigms belong
    /// together: a run with paraphrase n words whichever paradigm a question gets in its n-th way.
    /// </summary>
    public static IReadOnlyList<string> Wordings(SketchParadigm paradigm) => paradigm switch
    {
        SketchParadigm.ConceptualChaining =>
        [
            "Sketch your thinking as conceptual chaining: write only the key concepts and link each to the next with an arrow " +
            "(#concept → #concept), leaving out every word that carries no meaning.",
            "Sketch your reasoning as a conceptual chain: keep only the key concepts, joining each to the next with an arrow " +
            "(#concept → #concept), and drop every word that adds no meaning.",
            "Write your thinking as a chain of concepts: just the essential ideas, each linked to the next by an arrow " +
            "(#concept → #concept), with no filler words.",
        ],
        SketchParadigm.ChunkedSymbolism =>
        [
            "Sketch your thinking as chunked symbolism: name each quantity with a short variable and write each step as one " +
            "equation, one chunk per line, with no prose.",
            "Sketch your reasoning in chunked symbols: give each quantity a short variable name and write every step as a " +
            "single equation, one chunk per line, without prose.",
            "Write your thinking as symbolic chunks: a short variable for each quantity, each step one equation on its own " +
            "line, and no prose.",
        ],
        SketchParadigm.ExpertLexicons =>
        [
            "Sketch your thinking with expert lexicons: write as a specialist writing notes for another specialist, using the " +
            "field's standard notation, abbreviations and symbols, one fact or move per line.",
            "Sketch your reasoning in an expert's lexicon: write the way one specialist makes notes for another, with the " +
            "field's usual notation, abbreviations and symbols, one fact or move per line.",
            "Write your thinking as expert shorthand: notes from one specialist to another in the field's standard notation, " +
            "abbreviations and symbols, a single fact or move per line.",
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(paradigm)),
    };

    [GeneratedRegex(@"\b(?:blocks?|stack(?:ed|s)?|unstack|pick\s+up|put\s+down|plan|sort(?:ed)?|ascending|descending|array|list|sequence|subsequence|subset|algorithm|index(?:es)?|indices)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TechnicalTerm();

    [GeneratedRegex(@"\d+(?:[.,]\d+)*")]
    private static partial Regex Digits();

    [GeneratedRegex(@"\d\s*[-+*/×÷^=]\s*\d")]
    private static partial Regex Operation();
}
