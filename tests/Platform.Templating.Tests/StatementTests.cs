namespace Platform.Templating.Tests;

public class StatementTests
{
    [Fact]
    public void A_loop_exposes_its_position_and_neighbours() =>
        Assert.Equal("1/2 0 2 first prev=- next=assistant|2/2 1 1 last prev=user next=-|",
            Render.Of("{% for m in messages %}{{ loop.index }}/{{ loop.length }} {{ loop.index0 }} {{ loop.revindex }} " +
                "{{ 'first' if loop.first }}{{ 'last' if loop.last }} prev={{ loop.previtem.role | default('-') }} " +
                "next={{ loop.nextitem.role | default('-') }}|{% endfor %}"));

    [Fact]
    public void A_loop_filters_unpacks_and_falls_back_to_else()
    {
        Assert.Equal("assistant", Render.Of("{% for m in messages if m.role != 'user' %}{{ m.role }}{% endfor %}"));
        Assert.Equal("a1b2", Render.Of("{% for k, v in [['a', 1], ['b', 2]] %}{{ k }}{{ v }}{% endfor %}"));
        Assert.Equal("empty", Render.Of("{% for x in [] %}{{ x }}{% else %}empty{% endfor %}"));
        Assert.Equal("12", Render.Of("{% for x in [1, 2, 3] %}{% if x == 3 %}{% break %}{% endif %}{{ x }}{% endfor %}"));
        Assert.Equal("13", Render.Of("{% for x in [1, 2, 3] %}{% if x == 2 %}{% continue %}{% endif %}{{ x }}{% endfor %}"));
    }

    [Fact]
    public void Set_in_a_loop_stays_in_the_loop_but_a_namespace_carries_out()
    {
        Assert.Equal("0", Render.Of("{% set n = 0 %}{% for m in messages %}{% set n = n + 1 %}{% endfor %}{{ n }}"));
        Assert.Equal("2", Render.Of("{% set ns = namespace(n=0) %}{% for m in messages %}{% set ns.n = ns.n + 1 %}{% endfor %}{{ ns.n }}"));
        Assert.Equal("[x]", Render.Of("{% set block %}[{{ 'x' }}]{% endset %}{{ block }}"));
        Assert.Equal("12", Render.Of("{% set a, b = 1, 2 %}{{ a }}{{ b }}"));
    }

    [Fact]
    public void If_elif_else_picks_one_branch() =>
        Assert.Equal("two", Render.Of("{% if 1 > 2 %}one{% elif 2 > 1 %}two{% else %}three{% endif %}"));

    [Fact]
    public void Macros_take_positional_keyword_and_default_arguments_and_call_blocks_reach_caller()
    {
        Assert.Equal("<a|b>(c|d)", Render.Of("{% macro tag(x, y='d') %}{{ x }}|{{ y }}{% endmacro %}<{{ tag('a', y='b') }}>({{ tag('c') }})"));
        Assert.Equal("[inner]", Render.Of("{% macro wrap() %}[{{ caller() }}]{% endmacro %}{% call wrap() %}inner{% endcall %}"));
        Assert.Equal("HI", Render.Of("{% filter upper %}hi{% endfilter %}"));
    }

    [Fact]
    public void Whitespace_control_and_block_trimming_follow_llama_cpp()
    {
        // trim_blocks drops the newline after a tag; lstrip_blocks drops the indentation before one.
        Assert.Equal("a\nb\n", Render.Of("{% if true %}\n  {% if true %}\na\n{% endif %}\nb\n{% endif %}\n"));
        Assert.Equal("ab", Render.Of("a   {{- '' -}}   b"));
        Assert.Equal("ab", Render.Of("a\n{#- a comment -#}\nb"));
        Assert.Equal("x\n", Render.Of("{{ 'x' }}\n\n"));
        Assert.Equal("a\nb", Render.Of("a\r\nb"));
    }

    [Fact]
    public void Raise_exception_stops_rendering_with_the_templates_message()
    {
        var error = Render.Error("line one\n{{ raise_exception('Only user and assistant roles are supported!') }}");
        Assert.Contains("Jinja Exception: Only user and assistant roles are supported!", error.Message);
        Assert.Contains("at line 2,", error.Message);
    }

    [Theory]
    [InlineData("{% if x %}no end", "missing {% endif %}")]
    [InlineData("{{ 1 + }}", "Template syntax error")]
    [InlineData("{% frobnicate %}", "unknown statement 'frobnicate'")]
    [InlineData("{{ 'unterminated }}", "Template syntax error")]
    [InlineData("{{ 'a\\q' }}", "unknown escape character \\q")]
    public void A_template_that_does_not_parse_names_the_problem(string source, string expected) =>
        Assert.Contains(expected, Render.Error(source).Message);

    [Theory]
    [InlineData("{{ 'a' < 'b' }}", "Error in BinaryExpression at line 1, column 8: Unknown operator \"<\" between String and String")]
    [InlineData("{{ x + 1 }}", "Cannot perform operation + on undefined values")]
    [InlineData("{% for c in 'abc' %}{% endfor %}", "Error in For at line 1, column 4: Expected iterable or object type in for loop: got String")]
    [InlineData("{{ 5 | trim_nothing }}", "Unknown (built-in) filter 'trim_nothing' for type Integer")]
    [InlineData("{{ 1 is frobbed }}", "Unknown test 'frobbed'")]
    [InlineData("{{ messages.append }}{{ 3() }}", "Callee is not a function: got Integer")]
    public void A_failing_render_names_the_construct_and_position(string source, string expected) =>
        Assert.Contains(expected, Render.Error(source).Message);

    [Theory]
    [InlineData("{% for i in range(100000000000) %}{% endfor %}", "range() of more than 1000000 items")]
    [InlineData("{{ 'abc' * 100000000000 }}", "string repetition longer than")]
    public void A_runaway_template_fails_instead_of_taking_the_memory(string source, string expected) =>
        Assert.Contains(expected, Render.Error(source).Message);

    [Fact]
    public void One_parsed_template_renders_the_same_on_many_threads_at_once()
    {
        var template = ChatTemplate.Parse("{% set ns = namespace(n=0) %}{% for m in messages %}{% set ns.n = ns.n + 1 %}{{ m.role }}={{ m.content | upper }};{% endfor %}{{ ns.n }}");
        var results = new string[64];
        Parallel.For(0, results.Length, i => results[i] = template.Apply(new ChatRequest
        {
            Messages = [new("user", "q" + i), new("assistant", "a")],
            Now = Render.Now,
        }));
        for (int i = 0; i < results.Length; i++) Assert.Equal($"user=Q{i};assistant=A;2", results[i]);
    }
}
