package dev.tailtalos.deployer.domain;

import java.util.Collections;
import java.util.List;

/**
 * Whether a rollout whose inputs are all in may start, given the other rollouts in the order they were requested.
 * A newer running rollout of some of the same nodes always wins (the candidate is superseded by it); against older
 * running ones the candidate's {@code on_conflict} decides: supersede them, queue behind them, or fail.
 */
public final class RolloutAdmission {

    public enum Verdict { ADMIT, SUPERSEDE_OLDER, QUEUE, REJECT, SUPERSEDED_BY_NEWER }

    /** @param others the rollouts concerned: older ones to supersede, wait for or name; or the newer one that wins */
    public record Decision(Verdict verdict, List<String> others) {
    }

    private RolloutAdmission() {
    }

    public static Decision decide(Rollout candidate, List<Rollout> older, List<Rollout> newer) {
        List<String> newerRunning = newer.stream().filter(n -> n.admitted() && overlaps(candidate, n))
                .map(Rollout::rolloutId).toList();
        if (!newerRunning.isEmpty()) {
            return new Decision(Verdict.SUPERSEDED_BY_NEWER, List.of(newerRunning.get(newerRunning.size() - 1)));
        }
        List<String> conflicting = older.stream().filter(o -> overlaps(candidate, o)).map(Rollout::rolloutId).toList();
        if (conflicting.isEmpty()) {
            return new Decision(Verdict.ADMIT, List.of());
        }
        return switch (candidate.policy().onConflict()) {
            case SUPERSEDE -> new Decision(Verdict.SUPERSEDE_OLDER, conflicting);
            case QUEUE -> new Decision(Verdict.QUEUE, conflicting);
            case REJECT -> new Decision(Verdict.REJECT, conflicting);
        };
    }

    private static boolean overlaps(Rollout candidate, Rollout other) {
        return other != candidate && !other.state().terminal()
                && !Collections.disjoint(candidate.nodeIds(), other.nodeIds());
    }
}
