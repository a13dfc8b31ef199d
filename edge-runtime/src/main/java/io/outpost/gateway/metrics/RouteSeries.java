package io.outpost.gateway.metrics;

/**
 * The labelled series of each route seen so far: API, version, resource template and method to the
 * data points they count in, resolved at a route's first exchange and kept. The keys are the
 * constant strings of the route table (never a raw path: the exchange's resource is its route's
 * template, and "" before routing), so they are bounded by the routes of the artifacts served; past
 * {@link #MAX_ROUTES} keys a route counts under the overflow series (API, version and resource
 * {@value BoundedCounter#OTHER}), so the series count stays bounded whatever happens.
 *
 * <p>A lookup reads one volatile array and probes it (open addressing; the strings' hashes are
 * cached in them, their equals starts with ==): no lock, no allocation. Adding a key copies the
 * array under a lock: once per route and method, not per request. A reload brings new string
 * instances with the same contents; they find the same series.
 */
final class RouteSeries<S> {
    static final int MAX_ROUTES = 1024;

    /** A key and what it counts in. */
    record Entry<S>(String api, String version, String resource, int method, int hash, S series) {
        boolean is(String a, String v, String r, int m, int h) {
            return hash == h && method == m && api.equals(a) && version.equals(v) && resource.equals(r);
        }
    }

    /** What a new key's series are made of: the label values, the method as its index in {@link HttpMethods}. */
    interface Factory<S> {
        S create(String api, String version, String resource, int method);
    }

    private final Factory<S> factory;
    private final Object[] overflow = new Object[HttpMethods.LABELS.length];
    private volatile Entry<S>[] table = newTable(16);
    private int size;
    private int own;

    RouteSeries(Factory<S> factory) {
        this.factory = factory;
    }

    /** The series of a key; the strings are not null ("" for no API, version or resource). */
    S find(String api, String version, String resource, int method) {
        int h = hash(api, version, resource, method);
        Entry<S>[] t = table;
        int mask = t.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            Entry<S> e = t[i];
            if (e == null) {
                return add(api, version, resource, method, h);
            }
            if (e.is(api, version, resource, method, h)) {
                return e.series();
            }
        }
    }

    /** How many keys have series of their own (tests). */
    synchronized int routes() {
        return own;
    }

    private synchronized S add(String api, String version, String resource, int method, int h) {
        Entry<S>[] t = table;
        int mask = t.length - 1;
        int i = h & mask;
        for (Entry<S> e; (e = t[i]) != null; i = (i + 1) & mask) {
            if (e.is(api, version, resource, method, h)) {
                return e.series(); // another event loop added it meanwhile
            }
        }
        S series;
        if (own < MAX_ROUTES) {
            series = factory.create(api, version, resource, method);
            own++;
        } else {
            series = overflow(method);
        }
        // Overflowing keys are kept too (pointing at the shared series), so they stay off this lock;
        // past 4 x MAX_ROUTES keys a new one takes it each time, which no real route table reaches.
        if (size < 4 * MAX_ROUTES) {
            Entry<S>[] copy = newTable(size + 1 > t.length / 2 ? t.length * 2 : t.length);
            for (Entry<S> e : t) {
                if (e != null) {
                    put(copy, e);
                }
            }
            put(copy, new Entry<>(api, version, resource, method, h, series));
            size++;
            table = copy;
        }
        return series;
    }

    @SuppressWarnings("unchecked")
    private S overflow(int method) {
        if (overflow[method] == null) {
            overflow[method] = factory.create(BoundedCounter.OTHER, BoundedCounter.OTHER, BoundedCounter.OTHER, method);
        }
        return (S) overflow[method];
    }

    private static <S> void put(Entry<S>[] t, Entry<S> e) {
        int mask = t.length - 1;
        int i = e.hash() & mask;
        while (t[i] != null) {
            i = (i + 1) & mask;
        }
        t[i] = e;
    }

    private static int hash(String api, String version, String resource, int method) {
        int h = ((api.hashCode() * 31 + version.hashCode()) * 31 + resource.hashCode()) * 31 + method;
        return h ^ (h >>> 16);
    }

    @SuppressWarnings("unchecked")
    private static <S> Entry<S>[] newTable(int length) {
        return (Entry<S>[]) new Entry<?>[length];
    }
}
