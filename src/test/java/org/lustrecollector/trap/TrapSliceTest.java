package org.lustrecollector.trap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.lustrecollector.api.Category;

class TrapSliceTest {
    private final StoredTrap[] snapshot = new StoredTrap[5];

    TrapSliceTest() {
        for (int i = 0; i < snapshot.length; i++) {
            snapshot[i] = new StoredTrap(new Trap("id-" + i, 1_700_000_000L + i, Category.INFO, "fs", "n", "m"), i, 0);
        }
    }

    @Test
    void isAReadOnlyViewOfItsPartOfTheSnapshot() {
        TrapSlice slice = new TrapSlice(snapshot, 1, 4);
        assertEquals(List.of(snapshot[1], snapshot[2], snapshot[3]), slice);
        assertThrows(IndexOutOfBoundsException.class, () -> slice.get(3));
        assertThrows(IndexOutOfBoundsException.class, () -> slice.get(-1));
        assertThrows(UnsupportedOperationException.class, () -> slice.set(0, snapshot[0]));
        assertThrows(UnsupportedOperationException.class, () -> slice.remove(0));
    }
}
