namespace Platform.Templating.Tests;

public class ExpressionTests
{
    [Theory]
    [InlineData("{{ 1 + 2 * 3 }}", "7")]
    [InlineData("{{ 7 / 2 }}", "3.5")]
    [InlineData("{{ 3.0 / 2 }}", "1.5")]
    [InlineData("{{ 6 / 3 }}", "2.0")]
    [InlineData("{{ -7 % 3 }}", "-1")] // C's fmod, as llama.cpp computes it (Python says 2)
    [InlineData("{{ 'a' ~ 1 ~ true }}", "a1True")]
    [InlineData("{{ 'ab' * 3 }}", "ababab")]
    [InlineData("{{ [1, 2] + [3] }}", "123")] // a list prints its items one after another
    [InlineData("{{ 'x' if false else 'y' }}", "y")]
    [InlineData("{{ 'x' if false }}", "")]
    [InlineData("{{ 1 in [1, 2] and 'b' in 'abc' and 'k' in {'k': 1} }}", "True")]
    [InlineData("{{ 3 not in [1, 2] }}", "True")]
    [InlineData("{{ not 0 }}", "True")]
    [InlineData("{{ 1 == 1.0 }} {{ 1 == true }} {{ 'a' == 'a' }} {{ none == none }}", "True True True True")]
    [InlineData("{{ none ~ 'x' ~ undefined_name }}", "x")]
    [InlineData("{{ undefined_name }}{{ none }}", "")]
    [InlineData("{{ (1, 2)[1] }}", "2")]
    [InlineData("{{ -1 | abs }}", "1")]
    public void Evaluates_expressions_as_llama_cpp_does(string source, string expected) => Assert.Equal(expected, Render.Of(source));

    [Theory]
    [InlineData("{{ messages[::-1] | map(attribute='role') | join(',') }}", "assistant,user")]
    [InlineData("{{ messages[1:] | length }}", "1")]
    [InlineData("{{ messages[-1].content }}", "Hello")]
    [InlineData("{{ [1, 2, 3, 4, 5][1:4:2] }}", "24")]
    [InlineData("{{ 'hello'[1:3] }}", "el")]
    [InlineData("{{ 'hello'[::-1] }}", "olleh")]
    [InlineData("{{ messages[0]['role'] }}", "user")]
    [InlineData("{{ messages[5] is defined }}", "False")]
    public void Indexes_and_slices(string source, string expected) => Assert.Equal(expected, Render.Of(source));

    [Theory]
    [InlineData("{{ '  Hi there  ' | trim }}|{{ 'ab' | upper }}|{{ 'AB' | lower }}", "Hi there|AB|ab")]
    [InlineData("{{ 'hello world' | title }} {{ 'hELLO' | capitalize }}", "Hello World Hello")]
    [InlineData("{{ [3, 1, 2] | sort | list }}", "123")]
    [InlineData("{{ [3, 1, 2] | sort(reverse=true) | first }}{{ [3, 1, 2] | last }}", "32")]
    [InlineData("{{ ['a', 'b'] | join('-') }}", "a-b")]
    [InlineData("{{ 'a-b' | replace('-', '+') }}", "a+b")]
    [InlineData("{{ missing | default('dflt') }}|{{ '' | default('e', true) }}", "dflt|e")]
    [InlineData("{{ 42 | string }}{{ '7' | int + 1 }}{{ 2 | float }}", "4282.0")]
    [InlineData("{{ messages | selectattr('role', 'equalto', 'user') | list | length }}", "1")]
    [InlineData("{{ messages | rejectattr('role', 'equalto', 'user') | map(attribute='content') | first }}", "Hello")]
    [InlineData("{% for k, v in {'b': 1, 'a': 2} | dictsort %}{{ k }}{{ v }}{% endfor %}", "a2b1")]
    [InlineData("{% for k, v in {'x': 1}.items() %}{{ k }}={{ v }}{% endfor %}", "x=1")]
    [InlineData("{{ 'a\nb' | indent(2) }}", "a\n  b")]
    [InlineData("{{ 'a\nb' | indent(2, first=true) }}", "  a\n  b")]
    [InlineData("{{ 'x,y,,z'.split(',') | length }}{{ 'a b'.split() | last }}", "4b")]
    [InlineData("{{ '--x--'.strip('-') }}{{ 'xa'.lstrip('x') }}{{ 'ax'.rstrip('x') }}", "xaa")]
    [InlineData("{{ 'abc'.startswith('ab') }}{{ 'abc'.endswith('bc') }}", "TrueTrue")]
    [InlineData("{{ '{} and {}'.format(1, 'two') }}", "1 and two")]
    [InlineData("{{ {'a': 1}.get('a') }}{{ {'a': 1}.get('b', 'none') }}{{ {'a': 1}.keys() | first }}", "1nonea")]
    public void Applies_filters_and_methods(string source, string expected) => Assert.Equal(expected, Render.Of(source));

    [Theory]
    [InlineData("{{ {'a': 'é', 'b': [1, 2.5, none, true]} | tojson }}", "{\"a\": \"é\", \"b\": [1, 2.5, null, true]}")]
    [InlineData("{{ {'a': 'é'} | tojson(ensure_ascii=true) }}", "{\"a\": \"\\u00e9\"}")]
    [InlineData("{{ {'a': [1]} | tojson(indent=2) }}", "{\n  \"a\": [\n    1\n  ]\n}")]
    [InlineData("{{ {'a': 1} | tojson(separators=(',', ':')) }}", "{\"a\":1}")]
    [InlineData("{{ 'say \"hi\"\n' | tojson }}", "\"say \\\"hi\\\"\\n\"")]
    public void Writes_json_as_llama_cpp_does(string source, string expected) => Assert.Equal(expected, Render.Of(source));

    [Theory]
    [InlineData("{{ x is defined }}{{ y is undefined }}{{ none is none }}", "TrueTrueTrue", """{"x": 1}""")]
    [InlineData("{{ 's' is string }}{{ 1 is number }}{{ 1 is integer }}{{ 1.5 is float }}", "TrueTrueTrueTrue", null)]
    [InlineData("{{ {} is mapping }}{{ [] is iterable }}{{ 'a' is sequence }}{{ true is boolean }}", "TrueTrueTrueTrue", null)]
    [InlineData("{{ true is true }}{{ 1 is true }}{{ false is false }}", "TrueFalseTrue", null)]
    [InlineData("{{ 3 is odd }}{{ 4 is even }}{{ 2 is equalto(2) }}{{ 'a' is in('abc') }}{{ 1 is not none }}", "TrueTrueTrueTrueTrue", null)]
    public void Runs_tests(string source, string expected, string? vars) => Assert.Equal(expected, Render.Of(source, vars));

    [Fact]
    public void Strftime_now_formats_the_given_date_not_the_clock() =>
        Assert.Equal("05 Mar 2026 Thursday 09:07 2026-03-05", Render.Of("{{ strftime_now('%d %b %Y %A %H:%M %Y-%m-%d') }}"));
}
