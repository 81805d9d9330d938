using System.Text.Json.Serialization;
using Platform.Evaluation.Datasets;
using Platform.Evaluation.Models;
using Platform.Evaluation.Scoring;
using Platform.Evaluation.Solving;
using static Platform.Evaluation.Styles.Prompts;

namespace Platform.Evaluation.Styles;

/// <summary>The five reasoning strategies of the StyleBench protocol.</summary>
public enum StyleBenchStrategy { CoT, ToT, AoT, CoD, SoT }

/// <summary>
/// StyleBench's decoding settings. They are the run's defaults for these styles; a setting given with the run wins.
/// </summary>
/// <param name="Temperature">Greedy decoding (also every run's default).</param>
/// <param name="MaxTokens">Output limit for most suites.</param>
/// <param name="LongMaxTokens">Output limit for competition math (AIME) and puzzles (Game of 24).</param>
/// <param name="ContextTokens">The protocol's context window; the engine sizes each sequence from the longest prompt
/// and the output limit, which stays below it, so it is recorded rather than allocated.</param>
public sealed record StyleBenchDecoding(float Temperature = 0, int MaxTokens = 512, int LongMaxTokens = 2048, int ContextTokens = 8192)
{
    public int MaxTokensFor(TaskType taskType) => taskType is TaskType.Math or TaskType.Puzzle ? LongMaxTokens : MaxTokens;
}

[JsonDerivedType(typeof(StyleBenchParameters), "stylebench")]
public abstract partial record StyleParameters;

/// <param name="Strategy">Which StyleBench prompt the style sends.</param>
/// <param name="Decoding">The protocol's decoding defaults, recorded with the run.</param>
public sealed record StyleBenchParameters(StyleBenchStrategy Strategy, StyleBenchDecoding Decoding) : StyleParameters;

/// <summary>
/// The StyleBench protocol (Guo et al., arXiv 2509.20868) as single-prompt styles: the system message is a
/// description of the dataset, the strategy's instruction and the answer-format block; the user message is the
/// question and the protocol's answer reminder. Wording is taken from the authors' public code (repository
/// JamesJunyuGuo/meta_thinker_LLM, Apache-2.0: config/prompt.py, utils/utils.py, config/cod/*.yaml) with the
/// spacing between concatenated parts restored; docs/evaluation.md lists what is Thoughtboard's own.
/// </summary>
public static class StyleBench
{
    public const string Version = "1";

    public static string NameOf(StyleBenchStrategy strategy) => "stylebench-" + strategy.ToString().ToLowerInvariant();

    public const string FormatBlock =
        "Answer the question in the following format. Thinking process:\n<think>\n" +
        "[Explain your reasoning process. Reflect on failures and what you've learned.]\n</think>\n" +
        "<answer>\n[Only answer the answer to the question]\n</answer>";

    public static string Instruction(StyleBenchStrategy strategy) => strategy switch
    {
        StyleBenchStrategy.CoT => "Let's think step by step.",
        StyleBenchStrategy.ToT =>
            "Imagine three different experts are answering this question. All experts will write down 1 step of their " +
            "thinking, then share it with the group. Then all experts will go on to the next step, etc. If any expert " +
            "realises they're wrong at any point then they leave. The question is...",
        StyleBenchStrategy.AoT =>
            "Forward Analysis- Think step-by-step to analyze the problem - do not suggest an answer.- Backtracking- " +
            "After the initial step-by-step analysis, work backward from the end to come up with the answer.",
        StyleBenchStrategy.CoD => "Think step by step, but only keep minimum draft for each thinking step, with 5 words at most.",
        _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "Sketch-of-Thought's instruction depends on the question; see SketchInstruction."),
    };

    /// <summary>
    /// The strategy's sentence in each wording: 0 is the protocol's own; the others are Thoughtboard's paraphrases of
    /// it, for measuring prompt sensitivity. Sketch-of-Thought's sentence depends on the question: its wordings are the
    /// paradigms' (<see cref="StyleBenchSketch.Instruction"/>), and this gives them for one paradigm.
    /// </summary>
    public static IReadOnlyList<string> Wordings(StyleBenchStrategy strategy, SketchParadigm paradigm = SketchParadigm.ConceptualChaining) => strategy switch
    {
        StyleBenchStrategy.CoT => [Instruction(strategy), "Let us work through this step by step.", "Think it through one step at a time."],
        StyleBenchStrategy.ToT =>
        [
            Instruction(strategy),
            "Picture three different experts answering this question. Each expert writes down one step of their thinking and " +
            "shares it with the group. Then all of them move on to the next step, and so on. Any expert who realises at any " +
            "point that they are wrong leaves. The question is...",
            "Suppose three different experts are answering this question. Every expert records one step of their thinking, then " +
            "shares it with the others. After that, all experts continue to the next step, and so forth. If an expert notices " +
            "they have gone wrong at any point, they drop out. The question is...",
        ],
        StyleBenchStrategy.AoT =>
        [
            Instruction(strategy),
            "Forward Analysis- Analyse the problem step by step - do not propose an answer yet.- Backtracking- Once the " +
            "step-by-step analysis is done, reason backward from the end to arrive at the answer.",
            "Forward Analysis- Go through the problem step by step to understand it - without suggesting an answer.- " +
            "Backtracking- After that first analysis, work backwards from the goal to reach the answer.",
        ],
        StyleBenchStrategy.CoD =>
        [
            Instruction(strategy),
            "Think step by step, but write only a minimal draft for each step, 5 words at most.",
            "Reason step by step, keeping each thinking step to a short draft of no more than 5 words.",
        ],
        StyleBenchStrategy.SoT => StyleBenchSketch.Wordings(paradigm),
        _ => throw new ArgumentOutOfRangeException(nameof(strategy)),
    };

    /// <summary>Chain of Draft's examples: the first example of each of the protocol's four few-shot files, in its order.</summary>
    private static readonly (string Question, string Answer)[] DraftExamples =
    [
        ("2015 is coming in 36 hours. What is the date one week from today in MM/DD/YYYY?\n",
         "<think> 36 hour = 1.5 days; today: 2015/01/01 - 1.5 = 12/30/2014; 12/30/2013 + 7 = 01/05/2015 </think>\n<answer> 01/05/2015 </answer>\n"),
        ("There are 15 trees in the grove. Grove workers will plant trees in the\ngrove today. After they are done, there will be 21 trees. How many trees did\nthe grove workers plant today?\n",
         "<think> 21 - 15 = 6. </think>  <answer> 6 </answer>\n"),
        ("Is the following sentence plausible? “Kyle Palmieri was called for slashing.”\n",
         "<think> Kyle: hockey; slashing: hockey. </think>\n<answer> Yes </answer>\n"),
        ("A coin is heads up. Ka flips the coin. Sherrie flips the coin. Is the coin still heads up?\n",
         "<think> Total flip count: 2; even number; Still heads up. </think>\n<answer> Yes </answer>\n"),
    ];

    public static int DraftExampleCount => DraftExamples.Length;

    public static string DescriptionOf(StyleBenchStrategy strategy) => strategy switch
    {
        StyleBenchStrategy.CoT => "StyleBench protocol, chain of thought: \"Let's think step by step.\" in its message layout and decoding.",
        StyleBenchStrategy.ToT => "StyleBench protocol, tree of thought as one prompt: three imagined experts, one step each, wrong ones leave.",
        StyleBenchStrategy.AoT => "StyleBench protocol, algorithm of thought as one prompt: forward analysis, then backtracking to the answer.",
        StyleBenchStrategy.CoD => "StyleBench protocol, chain of draft: drafts of at most 5 words per step, with its four worked examples.",
        StyleBenchStrategy.SoT => "StyleBench protocol, sketch of thought: a paradigm chosen per question by a fixed rule.",
        _ => throw new ArgumentOutOfRangeException(nameof(strategy)),
    };

    public static ThinkingStyle Create(StyleBenchStrategy strategy, StyleBenchDecoding? decoding = null, int paraphrase = 0)
    {
        var parameters = new StyleBenchParameters(strategy, decoding ?? new StyleBenchDecoding());
        // The wording itself is chosen per item (Sketch-of-Thought's depends on the question); checked once here.
        var wordings = Wordings(strategy);
        Paraphrases.Pick(wordings, paraphrase, NameOf(strategy));
        return Paraphrases.Mark(SinglePrompt.Style(NameOf(strategy), Version, DescriptionOf(strategy), parameters, AnswerFormats.AnswerTag,
            state => Messages(strategy, state, paraphrase),
            strategy == StyleBenchStrategy.SoT ? state => new SketchTrace(StyleBenchSketch.ParadigmFor(state.Item)) : null),
            paraphrase, wordings.Count);
    }

    /// <summary>The protocol's messages for one item in the strategy's own wording (paraphrase 0).</summary>
    public static IReadOnlyList<ChatMessage> Messages(StyleBenchStrategy strategy, TaskState state) => Messages(strategy, state, 0);

    private static IReadOnlyList<ChatMessage> Messages(StyleBenchStrategy strategy, TaskState state, int paraphrase)
    {
        var paradigm = strategy == StyleBenchStrategy.SoT ? StyleBenchSketch.ParadigmFor(state.Item) : SketchParadigm.ConceptualChaining;
        var instruction = Wordings(strategy, paradigm)[paraphrase];
        List<ChatMessage> messages = [SystemMessage($"{DatasetDescription(state.TaskType)} {instruction} {FormatBlock}")];
        if (strategy == StyleBenchStrategy.CoD)
        {
            foreach (var (question, answer) in DraftExamples)
            {
                messages.Add(UserMessage(question));
                messages.Add(AssistantMessage(answer));
            }
        }
        messages.Add(UserMessage($"{Question(state.Item)} {AnswerReminder(strategy, state)}"));
        return messages;
    }

    /// <summary>The protocol's last sentence of the user message; its Game-of-24 variants ask for the equation.</summary>
    public static string AnswerReminder(StyleBenchStrategy strategy, TaskState state) => state.AnswerKind switch
    {
        _ when state.Item.Choices.Count > 0 => "Only answer the number or the choices in the answer",
        AnswerKind.Number or AnswerKind.Choice => "Only answer the number or the choices in the answer",
        AnswerKind.Expression => strategy == StyleBenchStrategy.ToT
            ? "Only answer with the equation using the given four numbers to compute 24 in the answer"
            : "Only answer the equation to compute 24 in the answer",
        // The protocol has no suites with these answers; Thoughtboard's wording, in the same form.
        AnswerKind.Plan => "Only answer the plan, one action per line, in the answer",
        AnswerKind.List => "Only answer the items, separated by commas, in the answer",
        _ => "Only answer the short answer in the answer",
    };

    /// <summary>
    /// The protocol's dataset descriptions by task type: GSM8K for arithmetic word problems, its commonsense, LogiQA
    /// and 24-point texts; the protocol has none for the other task types, which get a one-line Thoughtboard text.
    /// </summary>
    public static string DatasetDescription(TaskType taskType) => taskType switch
    {
        TaskType.Arithmetic =>
            "You are a helpful assistant solving math problems, now I am giving you the problem in GSM8k. GSM8K is a collection of 8,500 " +
            "high-quality, linguistically diverse grade-school math word problems. Designed to evaluate and enhance multi-step mathematical " +
            "reasoning in language models, the dataset encompasses problems that require between two to eight steps to solve. Each problem " +
            "primarily involves basic arithmetic operations—addition, subtraction, multiplication, and division—and is crafted to be " +
            "solvable by a proficient middle school student. The solutions are provided in natural language, detailing each step to reach " +
            "the final answer, thereby facilitating the development of models capable of human-like problem-solving processes.",
        TaskType.Commonsense =>
            "Commonsense Datasets are collections of questions and scenarios designed to evaluate a model's understanding of everyday " +
            "knowledge and intuitive reasoning about the physical and social world. These datasets (e.g., CommonsenseQA, PIQA, SocialIQA) " +
            "require Large Language Models (LLMs) to answer questions that humans typically resolve using common sense—implicit knowledge " +
            "acquired through lived experience, such Tasks often involve selecting the correct answer from multiple choices or generating " +
            "coherent explanations for phenomena (e.g., Why do apples fall from trees?). Crucially, LLMs must not only retrieve factual " +
            "knowledge but also infer unstated causal relationships, temporal sequences, and social norms, while avoiding implausible or " +
            "inconsistent conclusions. For example, when asked What happens if you strike a match underwater? the model must recognize " +
            "that matches require oxygen to ignite, a fact rarely explicitly stated in training data. Advanced evaluations further demand " +
            "meta-reasoning—identifying when to apply strategies like Chain-of-Thought (CoT) for linear cause-effect problems or " +
            "Tree-of-Thought (ToT) for multi-path scenarios—and even proposing novel reasoning frameworks for ambiguous or underspecified queries.",
        TaskType.Logic =>
            "You are being asked to answer questions from the LogiQA dataset, a benchmark designed to evaluate logical reasoning based on " +
            "reading comprehension. Each question consists of a short passage, a question related to the passage, and four answer choices " +
            "(A, B, C, D). Only one answer is logically correct, and your goal is to carefully reason over the passage and select the most " +
            "logically valid option. The questions are often inspired by standardized logic exams and require deductive, abductive, or " +
            "comparative reasoning. You should explain your reasoning clearly, step by step, before selecting your final answer.",
        TaskType.Puzzle =>
            "The 24-Point Game is a mathematical puzzle where the objective is to manipulate four given numbers using basic arithmetic " +
            "operations—addition, subtraction, multiplication, and division—to achieve a result of 24. For instance, given the numbers 4, " +
            "9, 10, and 13, one possible solution is: (10 - 4) * (13 - 9) = 24. The dataset associated with this game includes numerous " +
            "such combinations, each accompanied by solutions demonstrating the steps to reach 24. This dataset serves as a resource for " +
            "developing and evaluating models arithmetic reasoning and problem-solving abilities, particularly in formulating expressions " +
            "that meet specific numerical targets.",
        TaskType.Math =>
            "You are a helpful assistant solving competition mathematics problems, such as those of the AIME, whose answers are whole numbers.",
        TaskType.Planning =>
            "You are a helpful assistant solving planning problems: find a sequence of legal actions that turns the initial state into the goal.",
        TaskType.Algorithmic =>
            "You are a helpful assistant solving algorithmic problems on small inputs: carry out the algorithm exactly and report its result.",
        TaskType.Symbolic =>
            "You are a helpful assistant solving symbolic reasoning problems: follow the rule stated in the question exactly.",
        _ => throw new ArgumentOutOfRangeException(nameof(taskType), taskType, "StyleBench has no dataset description for this task type."),
    };
}
