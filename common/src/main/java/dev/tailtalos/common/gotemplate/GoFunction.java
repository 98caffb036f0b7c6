package dev.tailtalos.common.gotemplate;

import java.util.List;

/**
 * A template function. Arguments arrive as template values (a missing value as null); an IllegalArgumentException
 * becomes Go's {@code error calling NAME: ...}.
 *
 * @param minArgs fewest arguments
 * @param maxArgs most arguments, -1 for variadic
 */
public record GoFunction(String name, int minArgs, int maxArgs, Body body) {

    @FunctionalInterface
    public interface Body {
        Object call(List<Object> args);
    }

    static GoFunction fixed(String name, int args, Body body) {
        return new GoFunction(name, args, args, body);
    }

    static GoFunction variadic(String name, int minArgs, Body body) {
        return new GoFunction(name, minArgs, -1, body);
    }

    void checkArity(int given) {
        if (given < minArgs || (maxArgs >= 0 && given > maxArgs)) {
            throw new IllegalStateException("wrong number of args for " + name + ": want "
                    + (maxArgs < 0 ? "at least " + minArgs : String.valueOf(minArgs)) + " got " + given);
        }
    }
}
