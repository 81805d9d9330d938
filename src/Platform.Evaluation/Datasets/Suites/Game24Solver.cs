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
        var leaves = numbers.Select(n => (Node)new Leaf(n)).ToList();
        Search(leaves, goal, found);
        return found.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value).ToList();
    }

    private static readonly ConcurrentDictionary<string, int> CountCache = new(StringComparer.Ordinal);

    /// <summary>Number of distinct solutions for 24, cached per multiset of numbers.</summary>
    public static int CountSolutions(IReadOnlyList<int> numbers) =>
        CountCache.GetOrAdd(string.Join(' ', numbers.Order()), _ => Solve(numbers).Count);

    private static void Search(List<Node> nodes, int goal, Dictionary<string, string> found)
    {
        if (nodes.Count == 1)
        {
            var only = nodes[0];
            if (only.Value.Equals(goal))
            {
                var canonical = only.Canonical();
                found.TryAdd(canonical, only.Display());
            }
            return;
        }
        for (var i = 0; i < nodes.Count; i++)
            for (var j = i + 1; j < nodes.Count; j++)
            {
                var rest = new List<Node>(nodes.Count - 1);
                for (var k = 0; k < nodes.Count; k++)
                    if (k != i && k != j) rest.Add(nodes[k]);
                foreach (var combined in Combine(nodes[i], nodes[j]))
                {
                    rest.Add(combined);
                    Search(rest, goal, found);
                    rest.RemoveAt(rest.Count - 1);
                }
            }
    }

    private static IEnumerable<Node> Combine(Node a, Node b)
    {
        yield return Sum.Of(a, b, subtract: false);
        yield return Sum.Of(a, b, subtract: true);
        yield return Sum.Of(b, a, subtract: true);
        yield return Product.Of(a, b, divide: false);
        if (!b.Value.IsZero) yield return Product.Of(a, b, divide: true);
        if (!a.Value.IsZero) yield return Product.Of(b, a, divide: true);
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

    private abstract class Node
    {
        public Fraction Value { get; protected init; }
        public abstract string Canonical();
        public abstract string Display();
    }

    private sealed class Leaf : Node
    {
        private readonly int _number;
        public Leaf(int number) { _number = number; Value = new Fraction(number, 1); }
        public override string Canonical() => _number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        public override string Display() => Canonical();
    }

    /// <summary>A flattened sum: positive terms minus negative terms; no term is itself a sum.</summary>
    private sealed class Sum : Node
    {
        private readonly List<Node> _plus, _minus;

        private Sum(List<Node> plus, List<Node> minus, Fraction value) { _plus = plus; _minus = minus; Value = value; }

        public static Sum Of(Node a, Node b, bool subtract)
        {
            var (aPlus, aMinus) = Terms(a);
            var (bPlus, bMinus) = Terms(b);
            return subtract
                ? new Sum([.. aPlus, .. bMinus], [.. aMinus, .. bPlus], a.Value - b.Value)
                : new Sum([.. aPlus, .. bPlus], [.. aMinus, .. bMinus], a.Value + b.Value);
        }

        private static (List<Node>, List<Node>) Terms(Node node) =>
            node is Sum sum ? (sum._plus, sum._minus) : ([node], []);

        public override string Canonical() =>
            "(" + string.Join("+", _plus.Select(t => t.Canonical()).Order(StringComparer.Ordinal)) +
            string.Concat(_minus.Select(t => "-" + t.Canonical()).Order(StringComparer.Ordinal)) + ")";

        public override string Display() =>
            string.Join("+", _plus.OrderBy(t => t.Canonical(), StringComparer.Ordinal).Select(t => t.Display())) +
            string.Concat(_minus.OrderBy(t => t.Canonical(), StringComparer.Ordinal).Select(t => "-" + t.Display()));
    }

    /// <summary>A flattened product: numerator factors over denominator factors; no factor is itself a product.</summary>
    private sealed class Product : Node
    {
        private readonly List<Node> _over, _under;

        private Product(List<Node> over, List<Node> under, Fraction value) { _over = over; _under = under; Value = value; }

        public static Product Of(Node a, Node b, bool divide)
        {
            var (aOver, aUnder) = Factors(a);
            var (bOver, bUnder) = Factors(b);
            return divide
                ? new Product([.. aOver, .. bUnder], [.. aUnder, .. bOver], a.Value / b.Value)
                : new Product([.. aOver, .. bOver], [.. aUnder, .. bUnder], a.Value * b.Value);
        }

        private static (List<Node>, List<Node>) Factors(Node node) =>
            node is Product product ? (product._over, product._under) : ([node], []);

        public override string Canonical() =>
            "[" + string.Join("*", _over.Select(t => t.Canonical()).Order(StringComparer.Ordinal)) +
            string.Concat(_under.Select(t => "/" + t.Canonical()).Order(StringComparer.Ordinal)) + "]";

        public override string Display() =>
            string.Join("*", _over.OrderBy(t => t.Canonical(), StringComparer.Ordinal).Select(Wrap)) +
            string.Concat(_under.OrderBy(t => t.Canonical(), StringComparer.Ordinal).Select(t => "/" + Wrap(t)));

        private static string Wrap(Node node) => node is Sum ? "(" + node.Display() + ")" : node.Display();
    }
}
