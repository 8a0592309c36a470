// Cron schedules as Kubernetes CronJobs (and the operators that create them) read them: five fields in UTC.
import { Cron } from "croner";

/** One cron list item: `*`, `?`, a number or a three-letter name, an optional range end and an optional step. */
const ITEM = String.raw`(\*|\?|\d+|[A-Za-z]{3})(-(\d+|[A-Za-z]{3}))?(\/\d+)?`;
const FIELD = new RegExp(`^${ITEM}(,${ITEM})*$`);

function parsed(schedule: string): Cron {
    return new Cron(schedule, { timezone: "UTC", paused: true });
}

/**
 * Why a schedule is not five cron fields (minute hour day-of-month month day-of-week) with values in range, or
 * undefined. Descriptors (`@daily`) and croner's extensions (`L`, `W`, `#`, seconds) are refused: the Kubernetes
 * CronJob controller reads none of them the same way.
 */
export function cronProblem(schedule: string): string | undefined {
    const fields = schedule.trim().split(/\s+/);
    const example = 'e.g. "0 */6 * * *"';
    if (fields.length !== 5 || !fields.every((f) => FIELD.test(f))) {
        return `${JSON.stringify(schedule)} is not a cron schedule of five fields, ${example}`;
    }
    try {
        parsed(schedule);
    } catch (error) {
        return `${JSON.stringify(schedule)} is not a valid cron schedule (${(error as Error).message}), ${example}`;
    }
    return undefined;
}

/** Where gaps are sampled from: a fixed instant, so the result (and every render) is the same on every run. */
const SAMPLE_FROM = new Date("2026-01-01T00:00:00Z");
const SAMPLE_RUNS = 2000;
const SAMPLE_YEARS = 4;

/**
 * The longest time between two consecutive runs of a valid schedule, in seconds: its period, or the worst case of
 * an uneven one (`0 3 * * 1-5` gives the weekend's 72 h). Sampled over 2,000 runs or four years from 2026-01-01,
 * whichever ends first, which covers every calendar pattern a schedule can express but a leap day.
 */
export function longestGapSeconds(schedule: string): number {
    const problem = cronProblem(schedule);
    if (problem !== undefined) {
        throw new Error(problem);
    }
    const cron = parsed(schedule);
    const until = SAMPLE_FROM.getTime() + SAMPLE_YEARS * 366 * 86_400_000;
    let previous = cron.nextRun(SAMPLE_FROM);
    let longest = 0;
    for (let i = 0; previous !== null && i < SAMPLE_RUNS && previous.getTime() < until; i++) {
        const next: Date | null = cron.nextRun(previous);
        if (next === null) {
            break;
        }
        longest = Math.max(longest, next.getTime() - previous.getTime());
        previous = next;
    }
    return longest / 1000;
}
