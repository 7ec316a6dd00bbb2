package org.cryoet.tomo;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.cryoet.util.CryoEtException;
import org.cryoet.util.Parallel;
import org.cryoet.util.Progress;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;

/**
 * Deterministic generator of cell-like phantom volumes (see {@link PhantomSpec}): a layer of
 * vitreous ice between vacuum, holding membrane vesicles (bilayer shells, spheres and flattened
 * ellipsoids), actin-like two-stranded filaments and microtubule-like hollow tubes along straight
 * or gently curved paths, ribosome-, proteasome- and small-protein-like particles in random
 * orientations, and gold beads near the ice surfaces.
 *
 * <p>Every object is a union of simple parts (balls, capsules, ellipsoids, hollow cylinders) with
 * a signed distance; it is rasterised only inside the parts' bounding boxes, with a smooth
 * 1.5-voxel edge (anti-aliasing, so the phantom is nearly band-limited). A voxel's value is
 * blended towards the object's density by its coverage (objects displace ice), and everything is
 * confined to the ice layer, as in a lamella. The work is split over z sections, each painted
 * by one thread in the fixed object order, so the result does not depend on the thread count.
 */
public final class Phantom {
    /** Width (voxels) of the smooth edge of every object and of the ice layer. */
    public static final double EDGE = 1.5;

    private Phantom() {
    }

    public static Volume generate(PhantomSpec spec) {
        return generate(spec, Progress.NONE);
    }

    /**
     * One object of a phantom, in voxel coordinates of the volume (index units, may lie outside it).
     *
     * @param kind   vesicle, microtubule, actin, ribosome, proteasome, small-protein or gold
     * @param x      centre x (for filaments: the point the path was grown from)
     * @param y      centre y
     * @param z      centre z
     * @param radius bounding radius (voxels; for filaments the tube radius)
     * @param path   the centre line of a filament (points x, y, z), null for other objects
     */
    public record PhantomObject(String kind, double x, double y, double z, double radius, double[][] path) {
    }

    /**
     * The objects that {@link #generate} paints for this spec, in paint order (later objects
     * cover earlier ones): ground truth for particle picking and for tests. Cheap: nothing is rasterised.
     */
    public static List<PhantomObject> objects(PhantomSpec spec) {
        Builder b = new Builder(spec);
        b.build();
        return List.copyOf(b.objects);
    }

    /** Generates the phantom; the calibration is isotropic with the spec's voxel size. */
    public static Volume generate(PhantomSpec spec, Progress progress) {
        List<Body> bodies = new Builder(spec).build();
        int nx = spec.nx(), ny = spec.ny(), nz = spec.nz();
        Volume vol = Volume.create(nx, ny, nz, Calibration.isotropic(spec.voxelSize()));
        float[] v = vol.data();
        double[] slab = slabCoverage(spec);
        double ice = spec.densities().ice();
        AtomicInteger done = new AtomicInteger();
        Parallel.forEach(nz, z -> {
            progress.checkCancelled("Phantom generation");
            int base = nx * ny * z;
            float background = (float) (ice * slab[z]);
            java.util.Arrays.fill(v, base, base + nx * ny, background);
            double s = slab[z];
            if (s > 0) {
                float[] scratch = null;
                for (Body b : bodies) {
                    if (z < b.z0 || z >= b.z1) continue;
                    if (b.parts.length == 1) {
                        paintSingle(b, v, nx, ny, z, s);
                    } else {
                        if (scratch == null) scratch = new float[nx * ny];
                        paintUnion(b, v, scratch, nx, ny, z, s);
                    }
                }
            }
            progress.update("Phantom", done.incrementAndGet(), nz);
        });
        return vol;
    }

    /**
     * The ice layer alone, as a density per z section (ice density times the layer's smooth
     * coverage). Where no object lies, the phantom equals this profile exactly.
     */
    public static double[] iceProfile(PhantomSpec spec) {
        double[] s = slabCoverage(spec);
        for (int z = 0; z < s.length; z++) s[z] *= spec.densities().ice();
        return s;
    }

    private static double[] slabCoverage(PhantomSpec spec) {
        double zc = (spec.nz() - 1) / 2.0;
        double half = spec.slabThickness() / 2.0;
        double[] s = new double[spec.nz()];
        for (int z = 0; z < s.length; z++) s[z] = coverage(Math.abs(z - zc) - half);
        return s;
    }

    /** Smooth coverage of a voxel at signed distance d (negative inside) from a surface: 1 inside, 0 outside. */
    static double coverage(double d) {
        double t = 0.5 - d / EDGE;
        if (t <= 0) return 0;
        if (t >= 1) return 1;
        return t * t * (3 - 2 * t);
    }

    private static void paintSingle(Body b, float[] v, int nx, int ny, int z, double s) {
        Part p = b.parts[0];
        for (int y = p.y0; y < p.y1; y++) {
            int row = nx * (y + ny * z);
            for (int x = p.x0; x < p.x1; x++) {
                paint(b, v, row + x, p.distance(x, y, z), s);
            }
        }
    }

    /** Union of parts: the minimum raw distance over the parts, then one paint per voxel. */
    private static void paintUnion(Body b, float[] v, float[] scratch, int nx, int ny, int z, double s) {
        for (int y = b.y0; y < b.y1; y++) {
            java.util.Arrays.fill(scratch, nx * y + b.x0, nx * y + b.x1, Float.POSITIVE_INFINITY);
        }
        for (Part p : b.parts) {
            if (z < p.z0 || z >= p.z1) continue;
            for (int y = p.y0; y < p.y1; y++) {
                int row = nx * y;
                for (int x = p.x0; x < p.x1; x++) {
                    float d = (float) p.distance(x, y, z);
                    if (d < scratch[row + x]) scratch[row + x] = d;
                }
            }
        }
        int slice = nx * ny * z;
        for (int y = b.y0; y < b.y1; y++) {
            int row = nx * y;
            for (int x = b.x0; x < b.x1; x++) {
                float d = scratch[row + x];
                if (d != Float.POSITIVE_INFINITY) paint(b, v, slice + row + x, d, s);
            }
        }
    }

    private static void paint(Body b, float[] v, int i, double raw, double s) {
        switch (b.mode) {
            case SOLID -> blend(v, i, coverage(raw) * s, b.density);
            case HOLLOW -> blend(v, i, coverage(Math.abs(raw - b.a) - b.b) * s, b.density);
            case BILAYER -> {
                double d = Math.abs(raw);
                blend(v, i, coverage(d - b.c) * s, b.density2);
                blend(v, i, coverage(Math.abs(d - b.a) - b.b) * s, b.density);
            }
            default -> throw new IllegalStateException();
        }
    }

    private static void blend(float[] v, int i, double a, double rho) {
        if (a > 0) v[i] += (float) (a * (rho - v[i]));
    }

    // ------------------------------------------------------------------------------------------
    // Objects

    private enum Mode {
        /** raw = signed distance to the surface. */
        SOLID,
        /** raw = distance to a centre line; wall of half-thickness b around radius a. */
        HOLLOW,
        /** raw = signed distance to the mid-surface; head layers of half-width b at +-a, core |d| < c. */
        BILAYER
    }

    private static final class Body {
        final Part[] parts;
        final Mode mode;
        final double density;
        final double density2;
        final double a;
        final double b;
        final double c;
        int x0 = Integer.MAX_VALUE, x1 = Integer.MIN_VALUE, y0 = Integer.MAX_VALUE, y1 = Integer.MIN_VALUE,
                z0 = Integer.MAX_VALUE, z1 = Integer.MIN_VALUE;

        Body(List<Part> parts, Mode mode, double density, double density2, double a, double b, double c) {
            this.parts = parts.toArray(new Part[0]);
            this.mode = mode;
            this.density = density;
            this.density2 = density2;
            this.a = a;
            this.b = b;
            this.c = c;
            for (Part p : this.parts) {
                x0 = Math.min(x0, p.x0);
                x1 = Math.max(x1, p.x1);
                y0 = Math.min(y0, p.y0);
                y1 = Math.max(y1, p.y1);
                z0 = Math.min(z0, p.z0);
                z1 = Math.max(z1, p.z1);
            }
        }

        boolean isEmpty() {
            return x0 >= x1 || y0 >= y1 || z0 >= z1;
        }
    }

    /** A primitive with a raw distance and a clipped bounding box [x0, x1) x [y0, y1) x [z0, z1). */
    private abstract static class Part {
        int x0, x1, y0, y1, z0, z1;

        abstract double distance(double x, double y, double z);

        void box(double minX, double maxX, double minY, double maxY, double minZ, double maxZ, double margin,
                 int nx, int ny, int nz) {
            x0 = Math.max(0, (int) Math.floor(minX - margin));
            x1 = Math.min(nx, (int) Math.ceil(maxX + margin) + 1);
            y0 = Math.max(0, (int) Math.floor(minY - margin));
            y1 = Math.min(ny, (int) Math.ceil(maxY + margin) + 1);
            z0 = Math.max(0, (int) Math.floor(minZ - margin));
            z1 = Math.min(nz, (int) Math.ceil(maxZ + margin) + 1);
            if (x0 >= x1 || y0 >= y1 || z0 >= z1) {
                x0 = x1 = y0 = y1 = z0 = z1 = 0;
            }
        }
    }

    /** Ball: signed distance |p - c| - r. */
    private static final class Ball extends Part {
        final double cx, cy, cz, r;

        Ball(double cx, double cy, double cz, double r) {
            this.cx = cx;
            this.cy = cy;
            this.cz = cz;
            this.r = r;
        }

        @Override
        double distance(double x, double y, double z) {
            double dx = x - cx, dy = y - cy, dz = z - cz;
            return Math.sqrt(dx * dx + dy * dy + dz * dz) - r;
        }
    }

    /** Capsule around segment ab: distance to the segment minus r (r = 0: distance to a centre line). */
    private static final class Segment extends Part {
        final double ax, ay, az, ux, uy, uz, len2, r;

        Segment(double[] a, double[] b, double r) {
            ax = a[0];
            ay = a[1];
            az = a[2];
            ux = b[0] - a[0];
            uy = b[1] - a[1];
            uz = b[2] - a[2];
            len2 = ux * ux + uy * uy + uz * uz;
            this.r = r;
        }

        @Override
        double distance(double x, double y, double z) {
            double px = x - ax, py = y - ay, pz = z - az;
            double t = len2 > 0 ? (px * ux + py * uy + pz * uz) / len2 : 0;
            if (t < 0) t = 0;
            else if (t > 1) t = 1;
            double dx = px - t * ux, dy = py - t * uy, dz = pz - t * uz;
            return Math.sqrt(dx * dx + dy * dy + dz * dz) - r;
        }
    }

    /** Ellipsoid surface (radii ra, rb, rc along the columns of rotation m): approximate signed distance. */
    private static final class Ellipsoid extends Part {
        final double cx, cy, cz;
        final double[] m;
        final double ra, rb, rc;

        Ellipsoid(double cx, double cy, double cz, double[] m, double ra, double rb, double rc) {
            this.cx = cx;
            this.cy = cy;
            this.cz = cz;
            this.m = m;
            this.ra = ra;
            this.rb = rb;
            this.rc = rc;
        }

        @Override
        double distance(double x, double y, double z) {
            double px = x - cx, py = y - cy, pz = z - cz;
            // local coordinates: q = m^T p
            double qa = (m[0] * px + m[3] * py + m[6] * pz) / ra;
            double qb = (m[1] * px + m[4] * py + m[7] * pz) / rb;
            double qc = (m[2] * px + m[5] * py + m[8] * pz) / rc;
            double k0 = Math.sqrt(qa * qa + qb * qb + qc * qc);
            double k1 = Math.sqrt(qa * qa / (ra * ra) + qb * qb / (rb * rb) + qc * qc / (rc * rc));
            if (k1 == 0) return -Math.min(ra, Math.min(rb, rc));
            // first-order distance k0 (k0 - 1) / k1: exact on the surface, good within a few voxels of it
            return k0 * (k0 - 1) / k1;
        }
    }

    /** Hollow cylinder (ring) of outer radius r, inner radius rin, height h, axis u through c. */
    private static final class Ring extends Part {
        final double cx, cy, cz, ux, uy, uz, r, rin, halfH;

        Ring(double[] c, double[] u, double r, double rin, double h) {
            cx = c[0];
            cy = c[1];
            cz = c[2];
            ux = u[0];
            uy = u[1];
            uz = u[2];
            this.r = r;
            this.rin = rin;
            this.halfH = h / 2;
        }

        @Override
        double distance(double x, double y, double z) {
            double px = x - cx, py = y - cy, pz = z - cz;
            double h = px * ux + py * uy + pz * uz;
            double rho = Math.sqrt(Math.max(0, px * px + py * py + pz * pz - h * h));
            double dr = rho - r, dh = Math.abs(h) - halfH;
            double outside = Math.hypot(Math.max(dr, 0), Math.max(dh, 0));
            double inside = Math.min(Math.max(dr, dh), 0);
            return Math.max(outside + inside, rin - rho);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Random scene

    /** Draws the objects from the seed, in a fixed order (the paint order). */
    private static final class Builder {
        final PhantomSpec spec;
        final SplittableRandom rng;
        final int nx, ny, nz;
        final double px; // voxels per nanometre
        final double zc, half;
        final List<Body> bodies = new ArrayList<>();
        final List<double[]> compact = new ArrayList<>(); // placed particles: x, y, z, bounding radius
        final List<PhantomObject> objects = new ArrayList<>();

        Builder(PhantomSpec spec) {
            this.spec = spec;
            this.rng = new SplittableRandom(spec.seed());
            nx = spec.nx();
            ny = spec.ny();
            nz = spec.nz();
            px = 10.0 / spec.voxelSize();
            zc = (nz - 1) / 2.0;
            half = spec.slabThickness() / 2.0;
        }

        List<Body> build() {
            PhantomSpec.Densities d = spec.densities();
            for (int i = 0; i < spec.vesicles(); i++) vesicle(d);
            for (int i = 0; i < spec.microtubules(); i++) microtubule(d);
            for (int i = 0; i < spec.actinFilaments(); i++) actin(d);
            for (int i = 0; i < spec.ribosomes(); i++) ribosome(d);
            for (int i = 0; i < spec.proteasomes(); i++) proteasome(d);
            for (int i = 0; i < spec.smallProteins(); i++) smallProtein(d);
            for (int i = 0; i < spec.goldBeads(); i++) goldBead(d);
            bodies.removeIf(Body::isEmpty);
            return bodies;
        }

        double uniform(double lo, double hi) {
            return lo + (hi - lo) * rng.nextDouble();
        }

        void add(List<Part> parts, Mode mode, double density, double density2, double a, double b, double c) {
            bodies.add(new Body(parts, mode, density, density2, a, b, c));
        }

        /** Box of a part that lies within distance {@code reach} of the sphere (c, r). */
        <P extends Part> P around(P p, double cx, double cy, double cz, double r, double reach) {
            p.box(cx - r, cx + r, cy - r, cy + r, cz - r, cz + r, reach + EDGE + 1, nx, ny, nz);
            return p;
        }

        // Vesicle: bilayer with head groups centred 1.8 nm from the mid-surface (about 4 nm thick).
        void vesicle(PhantomSpec.Densities d) {
            double r = uniform(15, 40) * px;
            double ra = r, rb = r, rc = r;
            double[] m = identity();
            if (rng.nextDouble() < 0.6) { // ellipsoid, flattened along the beam as in thin ice
                ra = r * uniform(0.8, 1.25);
                rb = r * uniform(0.8, 1.25);
                rc = r * uniform(0.55, 0.9);
                m = rotationZ(uniform(0, 2 * Math.PI));
            }
            double bound = Math.max(ra, Math.max(rb, rc));
            double[] c = null;
            for (int attempt = 0; attempt < 100 && c == null; attempt++) {
                double[] t = {uniform(0, nx - 1), uniform(0, ny - 1),
                        zc + uniform(-1, 1) * Math.max(0, half - rc - 2)};
                boolean free = true;
                for (Body b : bodies) {
                    if (b.mode == Mode.BILAYER && b.parts[0] instanceof Ellipsoid e) {
                        double be = Math.max(e.ra, Math.max(e.rb, e.rc));
                        if (dist(t, e.cx, e.cy, e.cz) < bound + be + 4 * px) free = false;
                    }
                }
                if (free || attempt == 99) c = t;
            }
            double head = 1.8 * px, headHalf = 0.5 * px, core = 1.3 * px;
            Ellipsoid e = around(new Ellipsoid(c[0], c[1], c[2], m, ra, rb, rc), c[0], c[1], c[2], bound,
                    head + headHalf);
            add(List.of(e), Mode.BILAYER, d.lipidHead(), d.lipidTail(), head, headHalf, core);
            objects.add(new PhantomObject("vesicle", c[0], c[1], c[2], bound + head + headHalf, null));
        }

        // Microtubule: hollow tube, 25 nm outer and 17 nm inner diameter, nearly straight.
        void microtubule(PhantomSpec.Densities d) {
            double rOut = 12.5 * px, rIn = 8.5 * px;
            List<double[]> line = centreLine(rOut, 3, rng.nextDouble() < 0.5 ? 0 : 0.01);
            double mid = (rOut + rIn) / 2, halfWall = (rOut - rIn) / 2;
            List<Part> parts = new ArrayList<>();
            for (int i = 0; i + 1 < line.size(); i++) parts.add(segment(line.get(i), line.get(i + 1), 0, rOut));
            add(parts, Mode.HOLLOW, d.protein(), 0, mid, halfWall, 0);
            objects.add(filament("microtubule", line, rOut));
        }

        // Actin: two strands of 2.7 nm radius twisted around a centre line, crossing over every 36 nm.
        void actin(PhantomSpec.Densities d) {
            double offset = 2.5 * px, rs = 2.7 * px, pitch = 72 * px;
            double step = Math.max(0.5, Math.min(2.0, pitch / 24));
            List<double[]> line = centreLine(offset + rs, step, rng.nextDouble() < 0.5 ? 0 : 0.05 * step / 2);
            if (line.size() < 2) return;
            double phase = uniform(0, 2 * Math.PI);
            double[] t = tangent(line, 0);
            double[] n = perpendicular(t);
            List<double[]> s1 = new ArrayList<>(), s2 = new ArrayList<>();
            double arc = 0;
            for (int i = 0; i < line.size(); i++) {
                if (i > 0) {
                    arc += dist(line.get(i), line.get(i - 1)[0], line.get(i - 1)[1], line.get(i - 1)[2]);
                    t = tangent(line, i);
                    // parallel transport of the normal keeps the helix free of spurious twist
                    double dot = n[0] * t[0] + n[1] * t[1] + n[2] * t[2];
                    n = normalise(new double[] {n[0] - dot * t[0], n[1] - dot * t[1], n[2] - dot * t[2]});
                }
                double[] bn = cross(t, n);
                double phi = phase + 2 * Math.PI * arc / pitch;
                double c = Math.cos(phi) * offset, s = Math.sin(phi) * offset;
                double[] p = line.get(i);
                double ox = c * n[0] + s * bn[0], oy = c * n[1] + s * bn[1], oz = c * n[2] + s * bn[2];
                s1.add(new double[] {p[0] + ox, p[1] + oy, p[2] + oz});
                s2.add(new double[] {p[0] - ox, p[1] - oy, p[2] - oz});
            }
            List<Part> parts = new ArrayList<>();
            for (List<double[]> strand : List.of(s1, s2)) {
                for (int i = 0; i + 1 < strand.size(); i++) parts.add(segment(strand.get(i), strand.get(i + 1), rs, 0));
            }
            add(parts, Mode.SOLID, d.protein(), 0, 0, 0, 0);
            objects.add(filament("actin", line, offset + rs));
        }

        PhantomObject filament(String kind, List<double[]> line, double radius) {
            double[] start = line.get(line.size() / 2);
            return new PhantomObject(kind, start[0], start[1], start[2], radius, line.toArray(new double[0][]));
        }

        Segment segment(double[] a, double[] b, double r, double reach) {
            Segment s = new Segment(a, b, r);
            s.box(Math.min(a[0], b[0]), Math.max(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[1], b[1]),
                    Math.min(a[2], b[2]), Math.max(a[2], b[2]), r + reach + EDGE + 1, nx, ny, nz);
            return s;
        }

        /**
         * A path through a random point of the ice layer, grown both ways in steps of {@code step}
         * voxels until it leaves the volume; the direction lies near the layer's plane, turns by a
         * random angle of standard deviation {@code wiggle} radians per step (0: straight), and is
         * reflected at the layer's surfaces so the tube of radius {@code radius} stays inside.
         */
        List<double[]> centreLine(double radius, double step, double wiggle) {
            double zLo = zc - Math.max(0, half - radius - 1), zHi = zc + Math.max(0, half - radius - 1);
            double[] start = {uniform(0, nx - 1), uniform(0, ny - 1), uniform(zLo, zHi)};
            double az = uniform(0, 2 * Math.PI), el = uniform(-0.2, 0.2);
            double[] dir = {Math.cos(el) * Math.cos(az), Math.cos(el) * Math.sin(az), Math.sin(el)};
            List<double[]> back = walk(start, new double[] {-dir[0], -dir[1], -dir[2]}, step, wiggle, radius, zLo, zHi);
            List<double[]> fwd = walk(start, dir, step, wiggle, radius, zLo, zHi);
            List<double[]> line = new ArrayList<>();
            for (int i = back.size() - 1; i >= 1; i--) line.add(back.get(i));
            line.addAll(fwd);
            return line;
        }

        List<double[]> walk(double[] start, double[] dir0, double step, double wiggle, double radius,
                            double zLo, double zHi) {
            List<double[]> pts = new ArrayList<>();
            double[] p = start.clone();
            double[] dir = dir0.clone();
            pts.add(p.clone());
            double margin = radius + 2;
            int maxSteps = (int) Math.ceil(2.0 * (nx + ny) / step);
            for (int i = 0; i < maxSteps; i++) {
                if (wiggle > 0) {
                    dir = normalise(new double[] {dir[0] + wiggle * rng.nextGaussian(),
                            dir[1] + wiggle * rng.nextGaussian(), dir[2] + wiggle * rng.nextGaussian()});
                }
                if ((p[2] >= zHi && dir[2] > 0) || (p[2] <= zLo && dir[2] < 0)) dir[2] = -dir[2];
                p = new double[] {p[0] + step * dir[0], p[1] + step * dir[1], p[2] + step * dir[2]};
                p[2] = Math.max(zLo, Math.min(zHi, p[2]));
                pts.add(p.clone());
                if (p[0] < -margin || p[0] > nx - 1 + margin || p[1] < -margin || p[1] > ny - 1 + margin) break;
            }
            return pts;
        }

        // Ribosome: large subunit (22 nm ball), two-ball small subunit and a stalk.
        void ribosome(PhantomSpec.Densities d) {
            double[][] balls = {{0, 0, -3, 11}, {2, 0, 9, 7.5}, {-5, 1.5, 10, 6}, {10, -1, -7, 3}, {-8, 4, -8, 4}};
            particle("ribosome", balls, d);
        }

        // Proteasome: 20S barrel of four rings (outer alpha rings narrower), half with 19S-like caps.
        void proteasome(PhantomSpec.Densities d) {
            double[] c = placeCompact(18 * px);
            double[] u = randomUnit();
            double[] w = perpendicular(u);
            List<Part> parts = new ArrayList<>();
            double h = 3.7 * px;
            double[] radii = {5.2, 5.7, 5.7, 5.2};
            for (int i = 0; i < 4; i++) {
                double o = (i - 1.5) * h;
                double[] ci = {c[0] + o * u[0], c[1] + o * u[1], c[2] + o * u[2]};
                parts.add(around(new Ring(ci, u, radii[i] * px, 2.0 * px, h), ci[0], ci[1], ci[2], 6.5 * px, 0));
            }
            for (int end = -1; end <= 1; end += 2) {
                if (rng.nextDouble() < 0.5) continue;
                double a = end * 11.5 * px;
                double[] cap = {c[0] + a * u[0] + 2 * px * w[0], c[1] + a * u[1] + 2 * px * w[1],
                        c[2] + a * u[2] + 2 * px * w[2]};
                double r = 5.5 * px;
                parts.add(around(new Ball(cap[0], cap[1], cap[2], r), cap[0], cap[1], cap[2], r, 0));
                double b = end * 10 * px;
                double[] lid = {c[0] + b * u[0] - 4.5 * px * w[0], c[1] + b * u[1] - 4.5 * px * w[1],
                        c[2] + b * u[2] - 4.5 * px * w[2]};
                double r2 = 3.5 * px;
                parts.add(around(new Ball(lid[0], lid[1], lid[2], r2), lid[0], lid[1], lid[2], r2, 0));
            }
            add(parts, Mode.SOLID, d.protein(), 0, 0, 0, 0);
            objects.add(new PhantomObject("proteasome", c[0], c[1], c[2], 18 * px, null));
        }

        // Small protein: a compact cluster of 1 to 4 balls of 2 to 3.5 nm radius.
        void smallProtein(PhantomSpec.Densities d) {
            int k = 1 + rng.nextInt(4);
            double[][] balls = new double[k][];
            balls[0] = new double[] {0, 0, 0, uniform(2, 3.5)};
            for (int i = 1; i < k; i++) {
                double[] prev = balls[rng.nextInt(i)];
                double r = uniform(2, 3.5);
                double[] u = randomUnit();
                double s = 0.75 * (prev[3] + r);
                balls[i] = new double[] {prev[0] + s * u[0], prev[1] + s * u[1], prev[2] + s * u[2], r};
            }
            particle("small-protein", balls, d);
        }

        /** A rigid union of balls {x, y, z, r} (nanometres, particle frame), randomly rotated and placed. */
        void particle(String kind, double[][] balls, PhantomSpec.Densities d) {
            double bound = 0;
            for (double[] b : balls) bound = Math.max(bound, Math.sqrt(b[0] * b[0] + b[1] * b[1] + b[2] * b[2]) + b[3]);
            double[] c = placeCompact(bound * px);
            double[] m = randomRotation();
            List<Part> parts = new ArrayList<>();
            for (double[] b : balls) {
                double x = c[0] + px * (m[0] * b[0] + m[1] * b[1] + m[2] * b[2]);
                double y = c[1] + px * (m[3] * b[0] + m[4] * b[1] + m[5] * b[2]);
                double z = c[2] + px * (m[6] * b[0] + m[7] * b[1] + m[8] * b[2]);
                double r = b[3] * px;
                parts.add(around(new Ball(x, y, z, r), x, y, z, r, 0));
            }
            add(parts, Mode.SOLID, d.protein(), 0, 0, 0, 0);
            objects.add(new PhantomObject(kind, c[0], c[1], c[2], bound * px, null));
        }

        // Gold bead: a dense ball just inside the top or bottom surface of the ice layer.
        void goldBead(PhantomSpec.Densities d) {
            double r = spec.goldDiameter() / spec.voxelSize() / 2;
            double depth = Math.max(0, half - r - EDGE);
            for (int attempt = 0; attempt < 2000; attempt++) {
                double x = lo(r, nx) + (hi(r, nx) - lo(r, nx)) * rng.nextDouble();
                double y = lo(r, ny) + (hi(r, ny) - lo(r, ny)) * rng.nextDouble();
                double z = zc + (rng.nextBoolean() ? depth : -depth);
                double[] t = {x, y, z};
                if (overlapsCompact(t, r)) continue;
                compact.add(new double[] {x, y, z, r});
                add(List.of(around(new Ball(x, y, z, r), x, y, z, r, 0)), Mode.SOLID, d.gold(), 0, 0, 0, 0);
                objects.add(new PhantomObject("gold", x, y, z, r, null));
                return;
            }
            throw new CryoEtException("Cannot place " + spec.goldBeads() + " gold beads of " + spec.goldDiameter()
                    + " A without overlaps in a " + nx + "x" + ny + " phantom; ask for fewer or smaller beads");
        }

        /** A centre for a particle of bounding radius r: inside the volume and ice layer, avoiding others if possible. */
        double[] placeCompact(double r) {
            double zLo = zc - Math.max(0, half - r - 1), zHi = zc + Math.max(0, half - r - 1);
            double[] t = null;
            for (int attempt = 0; attempt < 200; attempt++) {
                t = new double[] {uniform(lo(r, nx), hi(r, nx)), uniform(lo(r, ny), hi(r, ny)), uniform(zLo, zHi)};
                if (!overlapsCompact(t, r)) break;
            }
            compact.add(new double[] {t[0], t[1], t[2], r});
            return t;
        }

        boolean overlapsCompact(double[] t, double r) {
            for (double[] o : compact) {
                if (dist(t, o[0], o[1], o[2]) < r + o[3] + EDGE + 1) return true;
            }
            return false;
        }

        static double lo(double r, int n) {
            return Math.min(r + 1, (n - 1) / 2.0);
        }

        static double hi(double r, int n) {
            return Math.max(n - 2 - r, (n - 1) / 2.0);
        }

        double[] randomUnit() {
            double z = uniform(-1, 1), phi = uniform(0, 2 * Math.PI), s = Math.sqrt(1 - z * z);
            return new double[] {s * Math.cos(phi), s * Math.sin(phi), z};
        }

        /** Uniformly distributed rotation (Shoemake's random unit quaternion), row-major 3x3. */
        double[] randomRotation() {
            double u1 = rng.nextDouble(), u2 = uniform(0, 2 * Math.PI), u3 = uniform(0, 2 * Math.PI);
            double a = Math.sqrt(1 - u1), b = Math.sqrt(u1);
            double w = a * Math.sin(u2), x = a * Math.cos(u2), y = b * Math.sin(u3), z = b * Math.cos(u3);
            return new double[] {
                    1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w),
                    2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w),
                    2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)};
        }
    }

    private static double[] identity() {
        return new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
    }

    private static double[] rotationZ(double a) {
        double c = Math.cos(a), s = Math.sin(a);
        return new double[] {c, -s, 0, s, c, 0, 0, 0, 1};
    }

    private static double dist(double[] p, double x, double y, double z) {
        double dx = p[0] - x, dy = p[1] - y, dz = p[2] - z;
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }

    private static double[] tangent(List<double[]> line, int i) {
        double[] a = line.get(Math.max(0, i - 1)), b = line.get(Math.min(line.size() - 1, i + 1));
        return normalise(new double[] {b[0] - a[0], b[1] - a[1], b[2] - a[2]});
    }

    private static double[] normalise(double[] v) {
        double n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        if (n == 0) return new double[] {1, 0, 0};
        return new double[] {v[0] / n, v[1] / n, v[2] / n};
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    /** A unit vector perpendicular to unit vector u. */
    private static double[] perpendicular(double[] u) {
        double[] other = Math.abs(u[0]) < 0.9 ? new double[] {1, 0, 0} : new double[] {0, 1, 0};
        return normalise(cross(u, other));
    }
}
