package io.github.pontryagin.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The named choices of one kind (tableaux, field families, activations, heads, optimizers, data sets...):
 * an ordered, immutable list of entries {@code name → value} with a one-line description each.
 *
 * <p>Look-ups ignore case and surrounding blanks; an unknown name gives one
 * {@link IllegalArgumentException} line naming the kind, the value and every choice, e.g.
 * {@code unknown tableau 'rk5'; expected one of euler, heun, kutta3, rk4}. The value may be the object
 * itself (immutable values) or a factory for it. Two names that differ only in case are rejected, so
 * that every name of {@link #names()} finds its own entry.
 *
 * <p>Adding a choice is one line, {@code .add(name, description, value)}, in the builder chain that
 * declares the registry; {@link #toBuilder()} extends a copy (for tests and for embedding programs)
 * without touching the shared instance.
 *
 * @param <T> the type of the registered values
 */
public final class Registry<T> {

    /**
     * One registered choice.
     *
     * @param name        the name as registered (its case is kept for display)
     * @param description one line for help texts
     * @param value       the value or factory
     */
    public record Entry<T>(String name, String description, T value) {
    }

    /**
     * A value that knows its own name and description, so that registering it is {@code .add(value)}.
     */
    public interface Named {
        /** @return the registered name */
        String name();

        /** @return one line for help texts */
        String description();
    }

    private final String kind;
    private final List<Entry<T>> entries;
    private final Map<String, Entry<T>> byKey;

    private Registry(String kind, List<Entry<T>> entries) {
        this.kind = kind;
        this.entries = List.copyOf(entries);
        Map<String, Entry<T>> map = new LinkedHashMap<>();
        for (Entry<T> e : entries) {
            map.put(key(e.name()), e);
        }
        this.byKey = Collections.unmodifiableMap(map);
    }

    /**
     * @param kind what the entries are, singular, for messages ({@code "tableau"}, {@code "data set"})
     * @return an empty builder
     */
    public static <T> Builder<T> builder(String kind) {
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException("registry kind must be non-empty");
        }
        return new Builder<>(kind, List.of());
    }

    /** A builder holding this registry's entries, to add more to a copy. */
    public Builder<T> toBuilder() {
        return new Builder<>(kind, entries);
    }

    /** @return what the entries are, e.g. {@code "tableau"} */
    public String kind() {
        return kind;
    }

    /** @return the names in registration order */
    public List<String> names() {
        return entries.stream().map(Entry::name).collect(Collectors.toUnmodifiableList());
    }

    /** @return the entries in registration order */
    public List<Entry<T>> entries() {
        return entries;
    }

    /** @return true if {@code name} (any case, blanks around it ignored) is registered */
    public boolean contains(String name) {
        return name != null && byKey.containsKey(key(name));
    }

    /** @return the entry of {@code name} (any case, blanks around it ignored), if registered */
    public Optional<Entry<T>> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(byKey.get(key(name)));
    }

    /**
     * @param name a name of {@link #names()}, any case, blanks around it ignored
     * @return the entry of that name
     * @throws IllegalArgumentException naming the kind, the value and every choice if it is unknown
     */
    public Entry<T> entry(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException(unknown(name)));
    }

    /**
     * @param name a name of {@link #names()}, any case, blanks around it ignored
     * @return the value registered under that name
     * @throws IllegalArgumentException naming the kind, the value and every choice if it is unknown
     */
    public T get(String name) {
        return entry(name).value();
    }

    /** The registered name of {@code name}: its spelling as registered (e.g. {@code " RK4 "} gives {@code rk4}). */
    public String canonicalName(String name) {
        return entry(name).name();
    }

    /**
     * @return the one-line message for an unknown name: {@code unknown <kind> '<name>'; expected one of a, b, c}
     *         ({@code expected a or b} for two choices)
     */
    public String unknown(String name) {
        return "unknown " + kind + " '" + name + "'; expected " + choices();
    }

    /** @return {@code one of a, b, c}, or {@code a or b} for two choices, {@code a} for one */
    public String choices() {
        List<String> names = names();
        if (names.size() == 1) {
            return names.get(0);
        }
        if (names.size() == 2) {
            return names.get(0) + " or " + names.get(1);
        }
        return "one of " + String.join(", ", names);
    }

    @Override
    public String toString() {
        return kind + " registry " + names();
    }

    private static String key(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }

    /** Collects entries in order; rejects blank and duplicate names. */
    public static final class Builder<T> {
        private final String kind;
        private final List<Entry<T>> entries;
        private final Map<String, String> seen = new LinkedHashMap<>();

        private Builder(String kind, List<Entry<T>> initial) {
            this.kind = kind;
            this.entries = new ArrayList<>();
            initial.forEach(e -> add(e.name(), e.description(), e.value()));
        }

        /**
         * Registers one choice.
         *
         * @param name        non-blank, without surrounding blanks; unique ignoring case
         * @param description one line (no line break)
         * @param value       non-null value or factory
         * @return this builder
         * @throws IllegalArgumentException if the name is blank, padded, already registered, the description
         *                                  is missing or spans lines, or the value is null
         */
        public Builder<T> add(String name, String description, T value) {
            if (name == null || name.isBlank() || !name.equals(name.trim())) {
                throw new IllegalArgumentException(kind + " name must be non-blank without surrounding blanks, got '"
                        + name + "'");
            }
            String key = key(name);
            if (seen.containsKey(key)) {
                throw new IllegalArgumentException(kind + " '" + name + "' is already registered (as '"
                        + seen.get(key) + "')");
            }
            if (description == null || description.isBlank() || description.contains("\n")) {
                throw new IllegalArgumentException(kind + " '" + name
                        + "': description must be one non-empty line, got '" + description + "'");
            }
            if (value == null) {
                throw new IllegalArgumentException(kind + " '" + name + "': value must not be null");
            }
            seen.put(key, name);
            entries.add(new Entry<>(name, description, value));
            return this;
        }

        /**
         * Registers a value under its own name and description.
         *
         * @param value a {@link Named} value
         * @return this builder
         * @throws IllegalArgumentException as {@link #add(String, String, Object)}, or if the value is not
         *                                  {@link Named}
         */
        public Builder<T> add(T value) {
            if (!(value instanceof Named named)) {
                throw new IllegalArgumentException(kind + " " + value + " has no name of its own; use add(name, "
                        + "description, value)");
            }
            return add(named.name(), named.description(), value);
        }

        /** @return the immutable registry of the entries added so far */
        public Registry<T> build() {
            return new Registry<>(kind, entries);
        }
    }
}
