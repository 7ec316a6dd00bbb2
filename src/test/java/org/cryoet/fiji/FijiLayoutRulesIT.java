package org.cryoet.fiji;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Rules for the target/fiji layout, from the resolved dependencies (target/fiji-deps, written by
 * maven-dependency-plugin:list) and pom-scijava, Fiji's bill of materials:
 * <ul>
 * <li>target/fiji ships no artifact of the Fiji set (the provided-scope dependencies: what Fiji
 * ships), in any version, and nothing that pom-scijava manages (Fiji ships what it manages, or
 * picks its own version of it);</li>
 * <li>every runtime dependency is either bundled or in the Fiji set (except the listed
 * command-line-only ones, {@code fiji.not.bundled});</li>
 * <li>every jar in target/fiji/jars is our jar or a resolved runtime dependency (no strays from
 * an earlier build, no second version);</li>
 * <li>the Fiji set is at pom-scijava's versions;</li>
 * <li>every jar in a folder that the launcher puts on the module path (jars/linux64, ...) has a
 * valid module name.</li>
 * </ul>
 */
class FijiLayoutRulesIT {
    static final Path BUILD = FijiLauncherIT.BUILD;
    static final Path FIJI = FijiLauncherIT.LAYOUT;
    static final String SHOWN = FIJI.equals(BUILD.resolve("fiji")) ? "target/fiji" : FIJI.toString();

    /** groupId:artifactId[:classifier] -> artifact. */
    record Artifact(String groupId, String artifactId, String classifier, String version, Path file) {
        String ga() {
            return groupId + ":" + artifactId;
        }

        @Override
        public String toString() {
            return ga() + (classifier == null ? "" : ":" + classifier) + ":" + version;
        }
    }

    @Test
    void targetFijiShipsExactlyWhatFijiLacks() throws Exception {
        List<Artifact> fijiSet = readList(BUILD.resolve("fiji-deps/provided.txt"));
        List<Artifact> runtime = readList(BUILD.resolve("fiji-deps/runtime.txt"));
        assertTrue(fijiSet.stream().anyMatch(a -> a.artifactId().equals("scijava-common")), "Fiji set lacks scijava-common: " + fijiSet);
        assertFalse(runtime.isEmpty(), "no runtime dependencies listed");
        Set<String> fijiGa = new java.util.HashSet<>();
        for (Artifact a : fijiSet) fijiGa.add(a.ga());
        Map<String, String> managed = pomScijavaManagedVersions();
        Set<String> notBundled = Set.of(System.getProperty("fiji.not.bundled", "slf4j-nop").split(","));

        Map<String, Artifact> runtimeByFile = new HashMap<>();
        for (Artifact a : runtime) runtimeByFile.put(a.file().getFileName().toString(), a);
        Map<String, Path> bundled = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        String ownJar = System.getProperty("cryoet.jar.name", "");
        try (Stream<Path> s = Files.walk(FIJI.resolve("jars"))) {
            for (Path jar : s.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                String name = jar.getFileName().toString();
                String rel = FIJI.relativize(jar).toString();
                if (name.equals(ownJar)) continue;
                Artifact a = runtimeByFile.get(name);
                if (a == null) {
                    String guess = guessArtifact(name, fijiSet, managed);
                    problems.add(SHOWN + "/" + rel + " is not a runtime dependency of this build"
                            + (guess == null ? " (left from another build, or copied by hand)" : " and looks like " + guess + ", which Fiji ships"));
                    continue;
                }
                if (bundled.put(a.ga() + (a.classifier() == null ? "" : ":" + a.classifier()), jar) != null) {
                    problems.add("target/fiji ships " + a + " twice (" + rel + ")");
                }
                if (fijiGa.contains(a.ga())) {
                    problems.add(SHOWN + "/" + rel + " is " + a.ga() + ", which Fiji ships: declare it in the pom's Fiji set (provided) instead of bundling it");
                }
                if (managed.containsKey(a.ga())) {
                    problems.add(SHOWN + "/" + rel + " is " + a.ga() + ", managed by pom-scijava (version " + managed.get(a.ga())
                            + "): Fiji ships its own; add it to the Fiji set");
                }
            }
        }
        assertTrue(ownJar.isEmpty() || Files.exists(FIJI.resolve("jars").resolve(ownJar)), SHOWN + "/jars/" + ownJar + " missing");

        for (Artifact a : runtime) {
            String key = a.ga() + (a.classifier() == null ? "" : ":" + a.classifier());
            if (bundled.containsKey(key) || notBundled.contains(a.artifactId())) continue;
            if (fijiGa.contains(a.ga())) continue;
            problems.add("the plugins need " + a + " at run time, but Fiji does not ship it (not in the Fiji set) and target/fiji does not bundle it");
        }

        for (Artifact a : fijiSet) {
            String v = managed.get(a.ga());
            if (v == null) {
                if (!a.ga().equals("net.sourceforge.jtransforms:jtransforms")) {
                    problems.add("Fiji set: " + a + " has no version in pom-scijava " + System.getProperty("pom-scijava.file"));
                }
            } else if (!v.equals(a.version())) {
                problems.add("Fiji set: " + a + " differs from pom-scijava's version " + v + " (Fiji ships " + v + ")");
            }
        }

        for (String folder : FijiPlatforms.MODULE_PATH_FOLDERS) {
            Path dir = FIJI.resolve("jars").resolve(folder);
            if (!Files.isDirectory(dir)) continue;
            try {
                ModuleFinder.of(dir).findAll();
            } catch (FindException e) {
                problems.add(SHOWN + "/jars/" + folder + " is on Fiji's module path, and the JVM will not start with it: "
                        + e.getMessage() + (e.getCause() == null ? "" : ": " + e.getCause().getMessage()));
            }
        }

        System.out.println("bundled: " + bundled.keySet());
        System.out.println("Fiji set: " + fijiSet.stream().map(Artifact::toString).toList());
        assertTrue(problems.isEmpty(), "target/fiji layout problems:\n  " + String.join("\n  ", problems));
    }

    private static final java.util.regex.Pattern LINE = java.util.regex.Pattern.compile("^([^/\\\\]*?):((?:/|[A-Za-z]:\\\\).*)$");

    /** Lines "g:a:type[:classifier]:version:scope:/path/file.jar[ -- module ...]" of dependency:list. */
    static List<Artifact> readList(Path file) throws IOException {
        assertTrue(Files.exists(file), file + " missing: the pre-integration-test dependency:list did not run");
        List<Artifact> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            line = line.trim();
            java.util.regex.Matcher m = LINE.matcher(line);
            if (!m.matches()) continue;
            String[] c = m.group(1).split(":");
            String rest = m.group(2);
            int module = rest.indexOf(" -- ");
            Path f = Path.of(module < 0 ? rest : rest.substring(0, module));
            if (c.length == 5) out.add(new Artifact(c[0], c[1], null, c[3], f));
            else if (c.length == 6) out.add(new Artifact(c[0], c[1], c[3], c[4], f));
            else throw new IllegalStateException(file + ": cannot read the line '" + line + "'");
        }
        return out;
    }

    /** The Fiji-set or pom-scijava artifact whose artifactId the jar's name starts with, if any. */
    static String guessArtifact(String jarName, List<Artifact> fijiSet, Map<String, String> managed) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(.+?)-\\d.*\\.jar$").matcher(jarName);
        if (!m.matches()) return null;
        String id = m.group(1);
        for (Artifact a : fijiSet) if (a.artifactId().equals(id)) return a.ga() + " (Fiji set, " + a.version() + ")";
        for (Map.Entry<String, String> e : managed.entrySet()) {
            if (e.getKey().endsWith(":" + id)) return e.getKey() + " (pom-scijava " + e.getValue() + ")";
        }
        return null;
    }

    /** groupId:artifactId -> version from pom-scijava's dependencyManagement, properties resolved. */
    static Map<String, String> pomScijavaManagedVersions() throws Exception {
        Path pom = Path.of(System.getProperty("pom-scijava.file",
                System.getProperty("user.home") + "/.m2/repository/org/scijava/pom-scijava/45.0.0/pom-scijava-45.0.0.pom"));
        assertTrue(Files.exists(pom), pom + " missing (pom-scijava, imported as the BOM)");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        Map<String, String> props = new LinkedHashMap<>();
        Element properties = child(doc.getDocumentElement(), "properties");
        NodeList propNodes = properties.getChildNodes();
        for (int i = 0; i < propNodes.getLength(); i++) {
            Node n = propNodes.item(i);
            if (n instanceof Element e) props.put(e.getTagName(), e.getTextContent().trim());
        }
        Map<String, String> managed = new HashMap<>();
        Element dm = child(doc.getDocumentElement(), "dependencyManagement");
        NodeList deps = dm.getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            String v = resolve(text(d, "version"), props);
            if (v != null) managed.put(text(d, "groupId") + ":" + text(d, "artifactId"), v);
        }
        assertTrue(managed.size() > 100, "read only " + managed.size() + " managed versions from " + pom);
        return managed;
    }

    private static Element child(Element parent, String tag) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) return e;
        }
        throw new IllegalStateException("no <" + tag + "> in <" + parent.getTagName() + ">");
    }

    private static String text(Element e, String tag) {
        NodeList l = e.getElementsByTagName(tag);
        return l.getLength() == 0 ? null : l.item(0).getTextContent().trim();
    }

    private static String resolve(String v, Map<String, String> props) {
        for (int depth = 0; v != null && v.contains("${") && depth < 10; depth++) {
            int a = v.indexOf("${"), b = v.indexOf('}', a);
            String value = props.get(v.substring(a + 2, b));
            if (value == null) return null;
            v = v.substring(0, a) + value + v.substring(b + 1);
        }
        return v;
    }

    /**
     * imagej-legacy reads every plugins.config at a jar's root on Fiji's classpath and lists its
     * entries as legacy commands beside our SciJava commands: no jar of the Fiji layout may have
     * one. The menu entries travel only in the ImageJ 1 menus jar (and under the package folder of
     * our jar, where only Ij1Menus reads them).
     */
    @Test
    void noJarInTheFijiLayoutDuplicatesTheCommandsThroughPluginsConfig() throws Exception {
        List<String> problems = new ArrayList<>();
        String ownJar = System.getProperty("cryoet.jar.name", "");
        boolean sawOwnJar = false;
        try (Stream<Path> s = Files.walk(FIJI)) {
            for (Path jar : s.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                try (java.util.jar.JarFile jf = new java.util.jar.JarFile(jar.toFile())) {
                    if (jf.getEntry("plugins.config") != null) {
                        problems.add(FIJI.relativize(jar) + " has a plugins.config at its root: Fiji would list its "
                                + "commands twice");
                    }
                    if (jar.getFileName().toString().equals(ownJar)) {
                        sawOwnJar = true;
                        if (jf.getEntry("org/cryoet/fiji/ij1/plugins.config") == null) {
                            problems.add(FIJI.relativize(jar) + " lacks org/cryoet/fiji/ij1/plugins.config (Ij1Menus)");
                        }
                    }
                }
            }
        }
        assertTrue(sawOwnJar, ownJar + " not found in " + SHOWN);
        Path menus = BUILD.resolve(ownJar.replaceFirst("\\.jar$", "-imagej1-menus.jar"));
        if (FIJI.equals(BUILD.resolve("fiji"))) {
            try (java.util.jar.JarFile jf = new java.util.jar.JarFile(menus.toFile())) {
                java.util.jar.JarEntry e = jf.getJarEntry("plugins.config");
                assertTrue(e != null, menus + " lacks plugins.config at its root");
                String text = new String(jf.getInputStream(e).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertTrue(text.contains("org.cryoet.fiji.ij1.CommandPlugIn(\"org.cryoet.fiji.TrainIcecreamCommand\")"), text);
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
