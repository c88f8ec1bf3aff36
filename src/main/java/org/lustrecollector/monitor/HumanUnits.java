package org.lustrecollector.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Sizes, counts and shares as people read them (3.7 TiB, 12.5 M, 57 %), and text tables in aligned columns. */
final class HumanUnits {
    private static final String[] BYTE_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    private static final String[] COUNT_UNITS = {"", " k", " M", " G", " T"};

    private HumanUnits() {
    }

    /** Binary units: one decimal below 100 of a unit, none above ("3.7 TiB", "512 GiB", "0 B"). */
    static String bytes(double bytes) {
        return scaled(bytes, 1024, BYTE_UNITS, " ");
    }

    /** Decimal units for inodes and such ("12.5 M", "980"). */
    static String count(double n) {
        return scaled(n, 1000, COUNT_UNITS, "");
    }

    private static String scaled(double value, double step, String[] units, String space) {
        int unit = 0;
        double v = Math.max(0, value);
        while (v >= step && unit < units.length - 1) {
            v /= step;
            unit++;
        }
        String number = unit == 0 || v >= 100 ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.1f", v);
        return number + space + units[unit];
    }

    /** "57 %" of {@code part} in {@code whole}; "-" when the whole is unknown or zero. */
    static String percent(double part, double whole) {
        if (whole <= 0 || part < 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.0f %%", Math.min(100.0, part * 100 / whole));
    }

    /**
     * Rows padded to their columns' widths; the last column is not padded.
     *
     * @param gaps spaces before each column (the first's is ignored)
     */
    static List<String> table(List<String[]> rows, boolean[] rightAligned, int[] gaps) {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>(rows.size());
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                if (i > 0) {
                    line.append(" ".repeat(gaps[i]));
                }
                String cell = row[i];
                String pad = " ".repeat(width[i] - cell.length());
                if (i == columns - 1) {
                    line.append(cell);
                } else {
                    line.append(rightAligned[i] ? pad + cell : cell + pad);
                }
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }
}
