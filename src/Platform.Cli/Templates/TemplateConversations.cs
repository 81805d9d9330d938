using Platform.Templating;

namespace Platform.Cli.Templates;

/// <summary>One rendering to compare: a named conversation, with or without the generation prompt and thinking.</summary>
public sealed record TemplateCase(string Name, IReadOnlyList<ChatMessage> Messages, bool AddGenerationPrompt, bool EnableThinking);

/// <summary>The fixed conversations every template is checked with, and the fixed date and special tokens.</summary>
public static class TemplateConversations
{
    /// <summary>A fixed clock for both sides, so the date some templates print never changes the result.</summary>
    public static readonly DateTime Now = new(2026, 3, 5, 9, 7, 0, DateTimeKind.Utc);

    // No model is loaded, so both sides use llama.cpp's usual placeholders for a template without a vocabulary.
    public const string BosToken = "<s>";
    public const string EosToken = "</s>";

    private static readonly ChatMessage[] UserOnly = [new("user", "What is 17 + 25?")];

    private static readonly ChatMessage[] SystemUser =
    [
        new("system", "You are a careful assistant. Answer with a number."),
        new("user", "What is 17 + 25?"),
    ];

    private static readonly ChatMessage[] FewShot =
    [
        new("user", "What is 2 + 3?"),
        new("assistant", "2 + 3 = 5.\nThe answer is 5."),
        new("user", "What is 10 - 4?"),
        new("assistant", "The answer is 6."),
        new("user", "What is 17 + 25?"),
    ];

    // Text as models meet it: surrounding spaces, quotes, non-ASCII, a reasoning block in an earlier answer.
    private static readonly ChatMessage[] Untidy =
    [
        new("system", "  Réponds en français, « s'il te plaît ».\n"),
        new("user", "Quel est le résultat de \"6 × 7\" ?\t"),
        new("assistant", "<think>\n6 fois 7 font 42.\n</think>\n\n42 — voilà. "),
        new("user", "Et 😀 + 1 ?"),
    ];

    // Templates that insist on alternating roles raise on this; the engine must raise exactly where llama.cpp does.
    private static readonly ChatMessage[] TwoUsers = [new("user", "What is 17 + 25?"), new("user", "Answer with a number.")];

    // A finished exchange, as a conversation to continue is stored (gpt-oss then ends with <|end|>, not <|return|>).
    private static readonly ChatMessage[] Answered = [new("user", "What is 17 + 25?"), new("assistant", "<think>17 + 25 = 42</think>42")];

    private static readonly (string Name, ChatMessage[] Messages)[] Conversations =
    [
        ("user", UserOnly), ("system+user", SystemUser), ("few-shot", FewShot), ("untidy", Untidy), ("two users", TwoUsers),
        ("answered", Answered),
    ];

    /// <summary>Each conversation with and without the generation prompt; with thinking off too when the template reads it.</summary>
    public static IEnumerable<TemplateCase> For(bool readsEnableThinking)
    {
        foreach (var (name, messages) in Conversations)
        {
            yield return new(name, messages, AddGenerationPrompt: true, EnableThinking: true);
            yield return new(name + " (no generation prompt)", messages, AddGenerationPrompt: false, EnableThinking: true);
            if (readsEnableThinking)
                yield return new(name + " (enable_thinking=false)", messages, AddGenerationPrompt: true, EnableThinking: false);
        }
    }

    public static ChatRequest Request(TemplateCase c) => new()
    {
        Messages = c.Messages,
        AddGenerationPrompt = c.AddGenerationPrompt,
        EnableThinking = c.EnableThinking,
        BosToken = BosToken,
        EosToken = EosToken,
        Now = Now,
    };
}
