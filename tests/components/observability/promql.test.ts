import { metricNames, promqlProblems, withGrafanaStandIns } from "../../helpers/promql";

describe("promqlProblems", () => {
    it.each([
        'sum by (namespace) (rate(container_cpu_usage_seconds_total{namespace="monitoring"}[5m])) > 0.5',
        "up == 0",
        "histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))",
        "foo offset 5m",
        "foo @ start()",
        "max_over_time(foo[1h:5m])",
        "a / on (instance) group_left (node) b",
        'label_replace(up, "host", "$1", "instance", "(.*):.*")',
        "# a comment\nabsent(up)",
    ])("accepts %s", (expr) => {
        expect(promqlProblems(expr)).toEqual([]);
    });

    it.each([
        ["rate(foo[5m]", ["syntax error at 1:13 (offset 12): the expression ends too early"]],
        ["up{job=api}", ['syntax error at 1:8 (offset 7): unexpected "api"']],
        ["rate(foo[5x])", ['syntax error at 1:11 (offset 10): unexpected "x"']],
        ["1 +", ["syntax error at 1:4 (offset 3): the expression ends too early"]],
        ["sum(x)\n  by (job", ["syntax error at 2:10 (offset 16): the expression ends too early"]],
    ])("rejects %j with the position of the error", (expr, problems) => {
        expect(promqlProblems(expr)).toEqual(problems);
    });

    it("rejects an unknown function at its name's parenthesis", () => {
        expect(promqlProblems("rat(foo[5m])")[0]).toBe('syntax error at 1:4 (offset 3): unexpected "("');
    });

    it("reports a missing token before what follows it", () => {
        expect(promqlProblems("sum by job (x)")[0]).toBe(
            'syntax error at 1:8 (offset 7): something is missing before "job (x)"',
        );
    });

    it("rejects an empty expression", () => {
        expect(promqlProblems("  ")).toEqual(["empty expression"]);
    });

    it("accepts Grafana's template variables, keeping the positions of later errors", () => {
        expect(promqlProblems('sum(rate(x{namespace=~"$namespace"}[$__rate_interval])) by ($group)')).toEqual([]);
        expect(promqlProblems("rate(x[${__interval}]) / $__range_s")).toEqual([]);
        expect(promqlProblems("rate(x[$__rate_interval]) +")).toEqual([
            "syntax error at 1:28 (offset 27): the expression ends too early",
        ]);
    });
});

describe("withGrafanaStandIns", () => {
    it("replaces durations, numbers and other variables with stand-ins of the same length", () => {
        const query = "rate(x[$__rate_interval]) * $__range_s / ${ns} + [[var]] + $job";
        const replaced = withGrafanaStandIns(query);
        expect(replaced).toBe("rate(x[5m              ]) * 300        / __ns_ + __var__ + _job");
        expect(replaced).toHaveLength(query.length);
    });
});

describe("metricNames", () => {
    it.each([
        ["up", ["up"]],
        ["rate(http_requests_total[5m])", ["http_requests_total"]],
        ['sum by (job, instance) (rate(a_total{code=~"5.."}[5m]))', ["a_total"]],
        ["a / b + c", ["a", "b", "c"]],
        ["a * on (instance) group_left (node) b", ["a", "b"]],
        ["a unless ignoring (job) b", ["a", "b"]],
        ['topk(3, count_values("v", build_info)) without (pod)', ["build_info"]],
        ['{__name__="node_load1", job="node"}', ["node_load1"]],
        ['{"__name__"="node_load5"}', ["node_load5"]],
        ['{"http.server.duration", le="1"}', ["http.server.duration"]],
        ["foo offset 1h - foo", ["foo"]],
        ["max_over_time(rate(bar[5m])[1h:1m])", ["bar"]],
        ["histogram_quantile(0.99, sum by (le) (rate(lat_bucket[$__rate_interval])))", ["lat_bucket"]],
        ["time() - 1", []],
    ])("finds the metrics of %s", (expr, names) => {
        expect(metricNames(expr)).toEqual(names);
    });

    it("ignores __name__ matched by a regex or a negation, and label values that look like names", () => {
        expect(metricNames('{__name__=~"a|b"}')).toEqual([]);
        expect(metricNames('{__name__!="a", job="up"}')).toEqual([]);
        expect(metricNames('count(kube_pod_info{node="up"}) by (up)')).toEqual(["kube_pod_info"]);
    });

    it("names a metric in a variable by its stand-in", () => {
        expect(metricNames("sum(rate(${metric}[5m]))")).toEqual(["__metric_"]);
    });
});
