using System.Collections.Concurrent;

namespace Platform.Evaluation.Datasets.Suites;

/// <summary>
/// Finds every way to reach a goal with the four arithmetic operations, using each number once, in exact
/// fractions. Two solutions are the same when they differ only by commutativity or associativity
/// (a+b = b+a, (a+b)+c = a+(b+c), a-(b-c) = a-b+c, a/(b/c) = a*c/b); every other difference counts.
/// </summary>
public static class Game24Solver
{
    /// <summary>Distinct solutions, each as a readable expression, sorted for a stable order.</summary>
    public static IReadOnlyList<string> Solve(IReadOnlyList<int> numbers, int goal = 24)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        var leaves = numbers.Select(Node.Leaf).ToArray();
        Search(leaves, leaves.Length, goal, found);
        return found.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value).ToList();
    }

    private static readonly ConcurrentDictionary<string, int> CountCache = new(StringComparer.Ordinal);

    /// <summary>Number of distinct solutions for 24, cached per multiset of numbers.</summary>
    public static int CountSolutions(IReadOnlyList<int> numbers) =>
        CountCache.GetOrAdd(string.Join(' ', numbers.Order()), _ => Solve(numbers).Count);

    private static void Search(Node[] nodes, int count, int goal, Dictionary<string, string> found)
    {
        if (count == 1)
        {
            if (nodes[0].Value.Equals(goal))
            {
                var canonical = Canonical(nodes[0]);
                if (!found.ContainsKey(canonical)) found[canonical] = Display(nodes[0]);
            }
            return;
        }
        for (var i = 0; i < count; i++)
            for (var j = i + 1; j < count; j++)
            {
                var next = new Node[count - 1];
                for (int k = 0, n = 0; k < count; k++)
                    if (k != i && k != j) next[n++] = nodes[k];
                var (a, b) = (nodes[i], nodes[j]);
                void Try(Node combined) { next[count - 2] = combined; Search(next, count - 1, goal, found); }
                Try(new Node('+', a, b, a.Value + b.Value));
                Try(new Node('-', a, b, a.Value - b.Value));
                Try(new Node('-', b, a, b.Value - a.Value));
                Try(new Node('*', a, b, a.Value * b.Value));
                if (!b.Value.IsZero) Try(new Node('/', a, b, a.Value / b.Value));
                if (!a.Value.IsZero) Try(new Node('/', b, a, b.Value / a.Value));
            }
    }

    /// <summary>A small exact fraction; the solver's values stay tiny, so 64-bit parts cannot overflow.</summary>
    private readonly record struct Fraction(long Num, long Den)
    {
        public static Fraction Create(long num, long den)
        {
            if (den < 0) { num = -num; den = -den; }
            var g = Gcd(Math.Abs(num), den);
            return g > 1 ? new Fraction(num / g, den / g) : new Fraction(num, den);
        }

        private static long Gcd(long a, long b) { while (b != 0) (a, b) = (b, a % b); return a == 0 ? 1 : a; }

        public bool IsZero => Num == 0;
        public bool Equals(int value) => Den == 1 && Num == value;
        public static Fraction operator +(Fraction a, Fraction b) => Create(a.Num * b.Den + b.Num * a.Den, a.Den * b.Den);
        public static Fraction operator -(Fraction a, Fraction b) => Create(a.Num * b.Den - b.Num * a.Den, a.Den * b.Den);
        public static Fraction operator *(Fraction a, Fraction b) => Create(a.Num * b.Num, a.Den * b.Den);
        public static Fraction operator /(Fraction a, Fraction b) => Create(a.Num * b.Den, a.Den * b.Num);
    }

    /// <summary>A leaf (Op = '\0') or a binary operation; flattened into sums and products only for solutions.</summary>
    private sealed record Node(char Op, Node? Left, Node? Right, Fraction Value)
    {
        public static Node Leaf(int number) => new('\0', null, null, new Fraction(number, 1));
        public bool IsSum => Op is '+' or '-';
        public bool IsProduct => Op is '*' or '/';
    }

    /// <summary>
    /// Splits a sum into positive and negative terms (a-(b-c) gives +a +c -b), or a product into numerator and
    /// denominator factors, so that regrouping and reordering give the same form.
    /// </summary>
    private static (List<Node> Plus, List<Node> Minus) Flatten(Node node, bool sum)
    {
        var plus = new List<Node>();
        var minus = new List<Node>();
        void Walk(Node n, bool positive)
        {
            if (sum ? n.IsSum : n.IsProduct)
            {
                Walk(n.Left!, positive);
                Walk(n.Right!, n.Op is '+' or '*' ? positive : !positive);
            }
            else (positive ? plus : minus).Add(n);
        }
        Walk(node, true);
        return (plus, minus);
    }

    private static string Canonical(Node node)
    {
        if (node.Op == '\0') return node.Value.Num.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var sum = node.IsSum;
        var (plus, minus) = Flatten(node, sum);
        var (join, invert, open, close) = sum ? ("+", "-", "(", ")") : ("*", "/", "[", "]");
        return open + string.Join(join, plus.Select(Canonical).Order(StringComparer.Ordinal)) +
               string.Concat(minus.Select(t => invert + Canonical(t)).Order(StringComparer.Ordinal)) + close;
    }

    private static string Display(Node node)
    {
        if (node.Op == '\0') return Canonical(node);
        var sum = node.IsSum;
        var (plus, minus) = Flatten(node, sum);
        // Inside a product a sum needs brackets; inside a sum nothing does, because products bind tighter.
        string Part(Node n) => !sum && n.IsSum ? "(" + Display(n) + ")" : Display(n);
        var (join, invert) = sum ? ("+", "-") : ("*", "/");
        return string.Join(join, plus.OrderBy(Canonical, StringComparer.Ordinal).Select(Part)) +
               string.Concat(minus.OrderBy(Canonical, StringComparer.Ordinal).Select(t => invert + Part(t)));
    }
}
