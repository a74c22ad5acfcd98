package io.azmonrw.images;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that a linked runtime holds every JDK module the application's classes refer to: each class file's
 * constant pool is read for class names and type descriptors, their packages are looked up in this machine's JDK
 * (the same major version) and the owning modules compared with the runtime's {@code release} MODULES list.
 */
final class ModuleCoverage {

    private static final Pattern DESCRIPTOR_TYPE = Pattern.compile("L([A-Za-z_$][\\w$]*(?:/[A-Za-z_$][\\w$]*)+);");
    private static final Pattern INTERNAL_NAME = Pattern.compile("\\[*L?([A-Za-z_$][\\w$]*(?:/[A-Za-z_$][\\w$]*)+);?");
    private static final int JAVA_RELEASE = 17;

    private ModuleCoverage() {
    }

    /** JDK package to module, from this machine's JDK. */
    static Map<String, String> jdkPackages() {
        Map<String, String> owner = new HashMap<>();
        for (ModuleReference ref : ModuleFinder.ofSystem().findAll()) {
            ModuleDescriptor d = ref.descriptor();
            d.packages().forEach(p -> owner.put(p, d.name()));
        }
        return owner;
    }

    /** The runtime's modules from its release file, or empty when it has none (then nothing is checked). */
    static Optional<Set<String>> runtimeModules(Path release) throws IOException {
        if (!Files.isRegularFile(release)) {
            return Optional.empty();
        }
        for (String line : Files.readAllLines(release, StandardCharsets.UTF_8)) {
            if (line.startsWith("MODULES=")) {
                return Optional.of(new TreeSet<>(List.of(line.substring(8).replace("\"", "").trim().split("\\s+"))));
            }
        }
        return Optional.empty();
    }

    /** Module missing from the runtime to one class that needs it ("jar!class -> type"). */
    static Map<String, String> missing(List<Path> jars, Set<String> runtime, Map<String, String> jdk) throws IOException {
        Map<String, String> missing = new TreeMap<>();
        for (Path jar : jars) {
            try (JarFile jf = new JarFile(jar.toFile())) {
                for (Enumeration<JarEntry> en = jf.entries(); en.hasMoreElements(); ) {
                    JarEntry e = en.nextElement();
                    if (!e.getName().endsWith(".class") || e.getName().endsWith("module-info.class") || tooNew(e.getName())) {
                        continue;
                    }
                    try (InputStream in = jf.getInputStream(e)) {
                        for (String type : referencedTypes(in)) {
                            int slash = type.lastIndexOf('/');
                            String module = jdk.get(type.substring(0, slash).replace('/', '.'));
                            if (module != null && !runtime.contains(module)) {
                                missing.putIfAbsent(module, jar.getFileName() + "!" + e.getName() + " -> " + type.replace('/', '.'));
                            }
                        }
                    }
                }
            }
        }
        return missing;
    }

    /** Classes under META-INF/versions/N for N above the runtime's release never load there. */
    private static boolean tooNew(String name) {
        if (!name.startsWith("META-INF/versions/")) {
            return false;
        }
        String v = name.substring("META-INF/versions/".length(), name.indexOf('/', "META-INF/versions/".length()));
        try {
            return Integer.parseInt(v) > JAVA_RELEASE;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** Internal names (a/b/C) a class file's constant pool refers to: class entries and types inside descriptors. */
    static Set<String> referencedTypes(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(classFile);
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        List<Integer> classIndexes = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classIndexes.add(in.readUnsignedShort());
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        Set<String> types = new TreeSet<>();
        for (int idx : classIndexes) {
            if (idx > 0 && idx < count && utf8[idx] != null) {
                Matcher m = INTERNAL_NAME.matcher(utf8[idx]);
                if (m.matches()) {
                    types.add(m.group(1));
                }
            }
        }
        for (String s : utf8) {
            if (s != null && s.indexOf(';') > 0) {
                Matcher m = DESCRIPTOR_TYPE.matcher(s);
                while (m.find()) {
                    types.add(m.group(1));
                }
            }
        }
        return types;
    }
}
