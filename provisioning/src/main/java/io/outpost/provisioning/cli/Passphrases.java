package io.outpost.provisioning.cli;

import io.outpost.provisioning.ProvisioningException;
import java.io.Console;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Passphrases from a prompt that does not echo, or one line each from an inherited file descriptor
 * ({@code --passphrase-fd N}); never from the command line, where the process list and shell history
 * would keep them, and never printed. Two passphrases may come from one descriptor, a line each.
 */
final class Passphrases {
    static final int MIN_LENGTH = 8;
    private static final Map<Integer, Reader> OPEN = new HashMap<>();

    private Passphrases() {}

    static char[] read(Integer fd, String prompt, boolean isNew) throws ProvisioningException, IOException {
        char[] pass = fd != null ? fromFd(fd, prompt) : fromConsole(prompt, isNew);
        if (isNew && pass.length < MIN_LENGTH) {
            Arrays.fill(pass, '\0');
            throw new ProvisioningException(prompt + ": shorter than " + MIN_LENGTH + " characters", "choose a longer passphrase");
        }
        return pass;
    }

    private static char[] fromConsole(String prompt, boolean confirm) throws ProvisioningException {
        Console console = System.console();
        if (console == null) {
            throw new ProvisioningException("no terminal to ask for the " + prompt, "pass --passphrase-fd N with the passphrase on "
                    + "that descriptor, one line (e.g. --passphrase-fd 3 3<file)");
        }
        char[] first = console.readPassword("%s: ", prompt);
        if (first == null) {
            throw new ProvisioningException("no " + prompt + " given (input ended)", null);
        }
        if (confirm) {
            char[] second = console.readPassword("%s again: ", prompt);
            boolean same = Arrays.equals(first, second);
            if (second != null) {
                Arrays.fill(second, '\0');
            }
            if (!same) {
                Arrays.fill(first, '\0');
                throw new ProvisioningException("the two " + prompt + "s differ", "run it again");
            }
        }
        return first;
    }

    private static char[] fromFd(int fd, String prompt) throws ProvisioningException, IOException {
        Reader r = OPEN.get(fd);
        if (r == null) {
            InputStream in = fd == 0 ? System.in : new FileInputStream("/proc/self/fd/" + fd);
            r = new InputStreamReader(in, StandardCharsets.UTF_8);
            OPEN.put(fd, r);
        }
        char[] buf = new char[1024];
        int n = 0;
        // One character at a time: a buffered reader would swallow the next line meant for another prompt.
        for (int c = r.read(); c != -1 && c != '\n'; c = r.read()) {
            if (n == buf.length) {
                Arrays.fill(buf, '\0');
                throw new ProvisioningException("descriptor " + fd + ": the " + prompt + " is longer than " + buf.length + " characters", null);
            }
            buf[n++] = (char) c;
        }
        if (n > 0 && buf[n - 1] == '\r') {
            n--;
        }
        if (n == 0) {
            throw new ProvisioningException("descriptor " + fd + ": no " + prompt + " (empty line or end of input)",
                    "write the passphrase on it, one line");
        }
        char[] pass = Arrays.copyOf(buf, n);
        Arrays.fill(buf, '\0');
        return pass;
    }
}
