package io.github.pontryagin.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class RegistryTest {

    private static final Registry<Integer> NUMBERS = Registry.<Integer>builder("number")
            .add("one", "the first", 1)
            .add("Two", "the second", 2)
            .add("three", "the third", 3)
            .build();

    @Test
    void keepsRegistrationOrderAndDisplaySpelling() {
        assertEquals(List.of("one", "Two", "three"), NUMBERS.names());
        assertEquals(List.of(1, 2, 3), NUMBERS.entries().stream().map(Registry.Entry::value).toList());
        assertEquals("the second", NUMBERS.entry("two").description());
        assertEquals("number", NUMBERS.kind());
    }

    @Test
    void lookupIgnoresCaseAndSurroundingBlanks() {
        assertEquals(2, NUMBERS.get("two"));
        assertEquals(2, NUMBERS.get(" TWO "));
        assertEquals("Two", NUMBERS.canonicalName("\ttwo"));
        assertTrue(NUMBERS.contains("ONE"));
        assertFalse(NUMBERS.contains("four"));
        assertFalse(NUMBERS.contains(null));
        assertTrue(NUMBERS.find("four").isEmpty());
    }

    @Test
    void unknownNameIsOneLineNamingKindValueAndEveryChoice() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NUMBERS.get("four"));
        assertEquals("unknown number 'four'; expected one of one, Two, three", e.getMessage());
        IllegalArgumentException nul = assertThrows(IllegalArgumentException.class, () -> NUMBERS.get(null));
        assertEquals("unknown number 'null'; expected one of one, Two, three", nul.getMessage());
    }

    @Test
    void twoChoicesReadAsEitherOr() {
        Registry<String> suites = Registry.<String>builder("suite").add("A", "a", "a").add("B", "b", "b").build();
        assertEquals("unknown suite 'C'; expected A or B",
                assertThrows(IllegalArgumentException.class, () -> suites.get("C")).getMessage());
    }

    @Test
    void duplicateNamesAreRejectedIgnoringCase() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NUMBERS.toBuilder().add("TWO", "again", 22));
        assertTrue(e.getMessage().contains("'TWO' is already registered"), e.getMessage());
    }

    @Test
    void blankOrPaddedNamesMissingDescriptionsAndNullValuesAreRejected() {
        Registry.Builder<Integer> b = Registry.builder("number");
        assertThrows(IllegalArgumentException.class, () -> b.add(" ", "blank", 0));
        assertThrows(IllegalArgumentException.class, () -> b.add(" padded", "padded", 0));
        assertThrows(IllegalArgumentException.class, () -> b.add("zero", "", 0));
        assertThrows(IllegalArgumentException.class, () -> b.add("zero", "two\nlines", 0));
        assertThrows(IllegalArgumentException.class, () -> b.add("zero", "null value", null));
        assertThrows(IllegalArgumentException.class, () -> Registry.builder(" "));
        assertTrue(b.build().names().isEmpty());
    }

    @Test
    void extendingACopyLeavesTheOriginalUnchanged() {
        Registry<Integer> more = NUMBERS.toBuilder().add("four", "the fourth", 4).build();
        assertEquals(List.of("one", "Two", "three", "four"), more.names());
        assertEquals(4, more.get("FOUR"));
        assertEquals(3, NUMBERS.names().size());
        assertThrows(UnsupportedOperationException.class, () -> NUMBERS.entries().add(null));
    }
}
