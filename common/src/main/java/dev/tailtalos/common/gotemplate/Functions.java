package dev.tailtalos.common.gotemplate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The function sets: Go's builtins, and sprig v3 (what talhelper adds for patches, labels and extraManifests). */
public final class Functions {

    /** sprig functions tailtalos knows but does not implement: a clear error instead of "not defined". */
    private static final Set<String> SPRIG_UNSUPPORTED = Set.of("hello", "ago", "date", "dateInZone", "dateModify",
            "duration", "durationRound", "htmlDate", "htmlDateInZone", "mustDateModify", "mustToDate", "now", "toDate",
            "unixEpoch", "abbrev", "abbrevboth", "untitle", "initials", "randAlphaNum", "randAlpha", "randAscii",
            "randNumeric", "swapcase", "shuffle", "snakecase", "camelcase", "kebabcase", "wrap", "wrapWith", "plural",
            "adler32sum", "toDecimal", "untilStep", "randInt", "add1f", "addf", "subf", "divf", "mulf", "biggest",
            "maxf", "minf", "ceil", "floor", "round", "fromJson", "mustFromJson", "toPrettyJson", "mustToPrettyJson",
            "deepCopy", "mustDeepCopy", "typeIs", "typeIsLike", "kindIs", "getHostByName", "osBase", "osClean",
            "osDir", "osExt", "osIsAbs", "isAbs", "b32enc", "b32dec", "pluck", "pick", "omit", "merge",
            "mergeOverwrite", "mustMerge", "mustMergeOverwrite", "values", "dig", "chunk", "mustChunk", "bcrypt",
            "htpasswd", "genPrivateKey", "derivePassword", "buildCustomCert", "genCA", "genCAWithKey",
            "genSelfSignedCert", "genSelfSignedCertWithKey", "genSignedCert", "genSignedCertWithKey", "encryptAES",
            "decryptAES", "randBytes", "uuidv4", "semver", "semverCompare", "regexQuoteMeta", "urlParse", "urlJoin",
            "unset", "sha512sum");
    private static final Set<String> BUILTIN_UNSUPPORTED = Set.of("html", "js", "urlquery", "call");

    private Functions() {
    }

    /** Go text/template's builtins only (talhelper's filenameTmpl). */
    public static Map<String, GoFunction> builtins() {
        Map<String, GoFunction> f = new LinkedHashMap<>();
        f.put("and", GoFunction.variadic("and", 1, a -> null));
        f.put("or", GoFunction.variadic("or", 1, a -> null));
        f.put("not", GoFunction.fixed("not", 1, a -> !GoValues.truth(a.get(0))));
        f.put("eq", GoFunction.variadic("eq", 1, Functions::eq));
        f.put("ne", GoFunction.fixed("ne", 2, a -> !GoValues.equal(a.get(0), a.get(1))));
        f.put("lt", GoFunction.fixed("lt", 2, a -> GoValues.less(a.get(0), a.get(1))));
        f.put("le", GoFunction.fixed("le", 2, a -> GoValues.less(a.get(0), a.get(1)) || GoValues.equal(a.get(0), a.get(1))));
        f.put("gt", GoFunction.fixed("gt", 2, a -> !(GoValues.less(a.get(0), a.get(1)) || GoValues.equal(a.get(0), a.get(1)))));
        f.put("ge", GoFunction.fixed("ge", 2, a -> !GoValues.less(a.get(0), a.get(1))));
        f.put("len", GoFunction.fixed("len", 1, a -> (long) GoValues.length(a.get(0))));
        f.put("index", GoFunction.variadic("index", 1, Functions::index));
        f.put("slice", GoFunction.variadic("slice", 1, Functions::slice));
        f.put("print", GoFunction.variadic("print", 0, GoValues::sprint));
        f.put("printf", GoFunction.variadic("printf", 1, a -> GoFormat.sprintf(string(a, 0), a.subList(1, a.size()))));
        f.put("println", GoFunction.variadic("println", 0, Functions::println));
        for (String name : BUILTIN_UNSUPPORTED) {
            f.put(name, unsupported(name));
        }
        return f;
    }

    /** Builtins plus sprig's text function map; {@code env} and {@code expandenv} read {@code environment}. */
    public static Map<String, GoFunction> sprig(Map<String, String> environment) {
        Map<String, GoFunction> f = builtins();
        for (String name : SPRIG_UNSUPPORTED) {
            f.put(name, unsupported(name));
        }
        put(f, GoFunction.variadic("default", 1, a -> a.size() < 2 || GoValues.empty(a.get(1)) ? a.get(0) : a.get(1)));
        put(f, GoFunction.fixed("empty", 1, a -> GoValues.empty(a.get(0))));
        put(f, GoFunction.variadic("coalesce", 0, a -> a.stream().filter(v -> !GoValues.empty(v)).findFirst().orElse(null)));
        put(f, GoFunction.variadic("all", 0, a -> a.stream().noneMatch(GoValues::empty)));
        put(f, GoFunction.variadic("any", 0, a -> a.stream().anyMatch(v -> !GoValues.empty(v))));
        put(f, GoFunction.fixed("ternary", 3, a -> bool(a, 2) ? a.get(0) : a.get(1)));
        put(f, GoFunction.variadic("quote", 0, a -> join(a.stream().filter(v -> v != null)
                .map(v -> GoValues.quote(strval(v))).toList(), " ")));
        put(f, GoFunction.variadic("squote", 0, a -> join(a.stream().filter(v -> v != null)
                .map(v -> "'" + strval(v) + "'").toList(), " ")));
        put(f, GoFunction.variadic("cat", 0, a -> join(a.stream().filter(v -> v != null).map(Functions::strval).toList(), " ")));
        put(f, GoFunction.fixed("upper", 1, a -> string(a, 0).toUpperCase()));
        put(f, GoFunction.fixed("lower", 1, a -> string(a, 0).toLowerCase()));
        put(f, GoFunction.fixed("title", 1, a -> title(string(a, 0))));
        put(f, GoFunction.fixed("trim", 1, a -> string(a, 0).strip()));
        put(f, GoFunction.fixed("trimAll", 2, a -> trimAll(string(a, 1), string(a, 0))));
        put(f, GoFunction.fixed("trimall", 2, a -> trimAll(string(a, 1), string(a, 0))));
        put(f, GoFunction.fixed("trimPrefix", 2, a -> string(a, 1).startsWith(string(a, 0))
                ? string(a, 1).substring(string(a, 0).length()) : string(a, 1)));
        put(f, GoFunction.fixed("trimSuffix", 2, a -> string(a, 1).endsWith(string(a, 0))
                ? string(a, 1).substring(0, string(a, 1).length() - string(a, 0).length()) : string(a, 1)));
        put(f, GoFunction.fixed("nospace", 1, a -> string(a, 0).replaceAll("\\s", "")));
        put(f, GoFunction.fixed("replace", 3, a -> string(a, 2).replace(string(a, 0), string(a, 1))));
        put(f, GoFunction.fixed("contains", 2, a -> string(a, 1).contains(string(a, 0))));
        put(f, GoFunction.fixed("hasPrefix", 2, a -> string(a, 1).startsWith(string(a, 0))));
        put(f, GoFunction.fixed("hasSuffix", 2, a -> string(a, 1).endsWith(string(a, 0))));
        put(f, GoFunction.fixed("repeat", 2, a -> string(a, 1).repeat((int) Math.max(0, integer(a, 0)))));
        put(f, GoFunction.fixed("substr", 3, a -> substr((int) integer(a, 0), (int) integer(a, 1), string(a, 2))));
        put(f, GoFunction.fixed("trunc", 2, a -> trunc((int) integer(a, 0), string(a, 1))));
        put(f, GoFunction.fixed("indent", 2, a -> indent((int) integer(a, 0), string(a, 1))));
        put(f, GoFunction.fixed("nindent", 2, a -> "\n" + indent((int) integer(a, 0), string(a, 1))));
        put(f, GoFunction.fixed("join", 2, a -> join(strslice(a.get(1)), string(a, 0))));
        put(f, GoFunction.fixed("split", 2, a -> split(string(a, 0), string(a, 1), -1)));
        put(f, GoFunction.fixed("splitn", 3, a -> split(string(a, 0), string(a, 2), (int) integer(a, 1))));
        put(f, GoFunction.fixed("splitList", 2, a -> new ArrayList<Object>(splitGo(string(a, 1), string(a, 0), -1))));
        put(f, GoFunction.fixed("sortAlpha", 1, a -> new ArrayList<Object>(strslice(a.get(0)).stream().sorted().toList())));
        put(f, GoFunction.fixed("toString", 1, a -> strval(a.get(0))));
        put(f, GoFunction.fixed("toStrings", 1, a -> new ArrayList<Object>(strslice(a.get(0)))));
        put(f, GoFunction.fixed("toJson", 1, a -> GoValues.toJson(a.get(0))));
        put(f, GoFunction.fixed("mustToJson", 1, a -> GoValues.toJson(a.get(0))));
        put(f, GoFunction.fixed("toRawJson", 1, a -> GoValues.toJson(a.get(0))));
        put(f, GoFunction.fixed("mustToRawJson", 1, a -> GoValues.toJson(a.get(0))));
        put(f, GoFunction.fixed("b64enc", 1, a -> Base64.getEncoder().encodeToString(
                string(a, 0).getBytes(StandardCharsets.UTF_8))));
        put(f, GoFunction.fixed("b64dec", 1, a -> b64dec(string(a, 0))));
        put(f, GoFunction.fixed("sha256sum", 1, a -> digest("SHA-256", string(a, 0))));
        put(f, GoFunction.fixed("sha1sum", 1, a -> digest("SHA-1", string(a, 0))));
        put(f, GoFunction.fixed("atoi", 1, a -> atoi(string(a, 0))));
        put(f, GoFunction.fixed("int", 1, a -> toInt(a.get(0))));
        put(f, GoFunction.fixed("int64", 1, a -> toInt(a.get(0))));
        put(f, GoFunction.fixed("float64", 1, a -> toFloat(a.get(0))));
        put(f, GoFunction.fixed("add1", 1, a -> toInt(a.get(0)) + 1));
        put(f, GoFunction.variadic("add", 0, a -> a.stream().mapToLong(Functions::toInt).sum()));
        put(f, GoFunction.fixed("sub", 2, a -> toInt(a.get(0)) - toInt(a.get(1))));
        put(f, GoFunction.variadic("mul", 1, a -> a.stream().mapToLong(Functions::toInt).reduce(1, (x, y) -> x * y)));
        put(f, GoFunction.fixed("div", 2, a -> toInt(a.get(0)) / toInt(a.get(1))));
        put(f, GoFunction.fixed("mod", 2, a -> toInt(a.get(0)) % toInt(a.get(1))));
        put(f, GoFunction.variadic("max", 1, a -> a.stream().mapToLong(Functions::toInt).max().orElseThrow()));
        put(f, GoFunction.variadic("min", 1, a -> a.stream().mapToLong(Functions::toInt).min().orElseThrow()));
        put(f, GoFunction.fixed("until", 1, a -> range(0, integer(a, 0))));
        put(f, GoFunction.variadic("seq", 0, Functions::seq));
        put(f, GoFunction.variadic("list", 0, ArrayList::new));
        put(f, GoFunction.variadic("tuple", 0, ArrayList::new));
        put(f, GoFunction.variadic("dict", 0, Functions::dict));
        put(f, GoFunction.variadic("keys", 0, Functions::keys));
        put(f, GoFunction.fixed("hasKey", 2, a -> map(a, 0).entries().containsKey(string(a, 1))));
        put(f, GoFunction.fixed("get", 2, a -> map(a, 0).entries().getOrDefault(string(a, 1), "")));
        put(f, GoFunction.fixed("set", 3, a -> {
            map(a, 0).entries().put(string(a, 1), a.get(2));
            return a.get(0);
        }));
        for (String must : List.of("", "must")) {
            put(f, GoFunction.fixed(name(must, "first"), 1, a -> list(a.get(0), "first").isEmpty() ? null
                    : list(a.get(0), "first").get(0)));
            put(f, GoFunction.fixed(name(must, "last"), 1, a -> list(a.get(0), "last").isEmpty() ? null
                    : list(a.get(0), "last").get(list(a.get(0), "last").size() - 1)));
            put(f, GoFunction.fixed(name(must, "rest"), 1, a -> list(a.get(0), "rest").isEmpty() ? null
                    : new ArrayList<>(list(a.get(0), "rest").subList(1, list(a.get(0), "rest").size()))));
            put(f, GoFunction.fixed(name(must, "initial"), 1, a -> list(a.get(0), "initial").isEmpty() ? null
                    : new ArrayList<>(list(a.get(0), "initial").subList(0, list(a.get(0), "initial").size() - 1))));
            put(f, GoFunction.fixed(name(must, "append"), 2, a -> append(list(a.get(0), "append"), a.get(1), false)));
            put(f, GoFunction.fixed(name(must, "push"), 2, a -> append(list(a.get(0), "push"), a.get(1), false)));
            put(f, GoFunction.fixed(name(must, "prepend"), 2, a -> append(list(a.get(0), "prepend"), a.get(1), true)));
            put(f, GoFunction.fixed(name(must, "reverse"), 1, a -> reverse(list(a.get(0), "reverse"))));
            put(f, GoFunction.fixed(name(must, "uniq"), 1, a -> new ArrayList<>(new LinkedHashSet<>(list(a.get(0), "uniq")))));
            put(f, GoFunction.fixed(name(must, "compact"), 1, a -> new ArrayList<>(list(a.get(0), "compact").stream()
                    .filter(v -> !GoValues.empty(v)).toList())));
            put(f, GoFunction.fixed(name(must, "has"), 2, a -> list(a.get(1), "has").contains(a.get(0))));
            put(f, GoFunction.variadic(name(must, "without"), 1, a -> new ArrayList<>(list(a.get(0), "without").stream()
                    .filter(v -> !a.subList(1, a.size()).contains(v)).toList())));
            put(f, GoFunction.variadic(name(must, "slice"), 1, Functions::sprigSlice));
            put(f, GoFunction.fixed(name(must, "regexMatch"), 2, a -> regex(string(a, 0)).matcher(string(a, 1)).find()));
            put(f, GoFunction.fixed(name(must, "regexFind"), 2, a -> {
                Matcher m = regex(string(a, 0)).matcher(string(a, 1));
                return m.find() ? m.group() : "";
            }));
            put(f, GoFunction.fixed(name(must, "regexFindAll"), 3, a -> regexFindAll(a)));
            put(f, GoFunction.fixed(name(must, "regexReplaceAll"), 3, a -> regex(string(a, 0)).matcher(string(a, 1))
                    .replaceAll(goReplacement(string(a, 2)))));
            put(f, GoFunction.fixed(name(must, "regexReplaceAllLiteral"), 3, a -> regex(string(a, 0))
                    .matcher(string(a, 1)).replaceAll(Matcher.quoteReplacement(string(a, 2)))));
            put(f, GoFunction.fixed(name(must, "regexSplit"), 3, a -> regexSplit(a)));
        }
        put(f, GoFunction.variadic("concat", 0, a -> {
            List<Object> all = new ArrayList<>();
            a.forEach(v -> all.addAll(list(v, "concat")));
            return all;
        }));
        put(f, GoFunction.fixed("deepEqual", 2, a -> java.util.Objects.equals(a.get(0), a.get(1))));
        put(f, GoFunction.fixed("kindOf", 1, a -> kindOf(a.get(0))));
        put(f, GoFunction.fixed("typeOf", 1, a -> GoValues.typeName(a.get(0))));
        put(f, GoFunction.fixed("env", 1, a -> environment.getOrDefault(string(a, 0), "")));
        put(f, GoFunction.fixed("expandenv", 1, a -> expandenv(string(a, 0), environment)));
        put(f, GoFunction.fixed("fail", 1, a -> {
            throw new IllegalArgumentException(string(a, 0));
        }));
        put(f, GoFunction.fixed("base", 1, a -> pathBase(string(a, 0))));
        put(f, GoFunction.fixed("dir", 1, a -> pathDir(string(a, 0))));
        put(f, GoFunction.fixed("ext", 1, a -> {
            String base = pathBase(string(a, 0));
            int dot = base.lastIndexOf('.');
            return dot < 0 ? "" : base.substring(dot);
        }));
        return f;
    }

    private static String name(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    private static void put(Map<String, GoFunction> functions, GoFunction function) {
        functions.put(function.name(), function);
    }

    private static GoFunction unsupported(String name) {
        return GoFunction.variadic(name, 0, a -> {
            throw new IllegalArgumentException("the function " + name + " is not supported by tailtalos");
        });
    }

    static String string(List<Object> args, int i) {
        Object value = args.get(i);
        if (value instanceof String s) {
            return s;
        }
        if (value == null) {
            throw new IllegalArgumentException("invalid value; expected string");
        }
        throw new IllegalArgumentException("wrong type for value; expected string; got " + GoValues.typeName(value));
    }

    private static long integer(List<Object> args, int i) {
        Object value = args.get(i);
        if (value instanceof Long l) {
            return l;
        }
        throw new IllegalArgumentException(value == null ? "invalid value; expected int"
                : "wrong type for value; expected int; got " + GoValues.typeName(value));
    }

    private static boolean bool(List<Object> args, int i) {
        Object value = args.get(i);
        if (value instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(value == null ? "invalid value; expected bool"
                : "wrong type for value; expected bool; got " + GoValues.typeName(value));
    }

    private static GoMap map(List<Object> args, int i) {
        if (args.get(i) instanceof GoMap m) {
            return m;
        }
        throw new IllegalArgumentException("wrong type for value; expected map[string]interface {}; got "
                + GoValues.typeName(args.get(i)));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value, String function) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw new IllegalArgumentException("Cannot find " + function + " on type " + GoValues.typeName(value));
    }

    private static Object eq(List<Object> a) {
        if (a.size() < 2) {
            throw new IllegalArgumentException("missing argument for comparison");
        }
        for (Object other : a.subList(1, a.size())) {
            if (GoValues.equal(a.get(0), other)) {
                return true;
            }
        }
        return false;
    }

    private static Object index(List<Object> a) {
        Object item = a.get(0);
        for (Object key : a.subList(1, a.size())) {
            if (item == null) {
                throw new IllegalArgumentException("index of untyped nil");
            }
            if (item instanceof List<?> list) {
                if (!(key instanceof Long i)) {
                    throw new IllegalArgumentException("cannot index slice/array with type " + GoValues.typeName(key));
                }
                if (i < 0 || i >= list.size()) {
                    throw new IllegalArgumentException("index out of range: " + i);
                }
                item = list.get(i.intValue());
            } else if (item instanceof String s) {
                if (!(key instanceof Long i) || i < 0 || i >= s.length()) {
                    throw new IllegalArgumentException("index out of range: " + key);
                }
                item = (long) s.getBytes(StandardCharsets.UTF_8)[i.intValue()] & 0xff;
            } else if (item instanceof GoMap map) {
                if (!(key instanceof String k)) {
                    throw new IllegalArgumentException("value has type " + GoValues.typeName(key)
                            + "; should be string");
                }
                item = map.entries().containsKey(k) ? map.entries().get(k) : map.zero();
            } else {
                throw new IllegalArgumentException("can't index item of type " + GoValues.typeName(item));
            }
        }
        return item;
    }

    private static Object slice(List<Object> a) {
        Object item = a.get(0);
        List<Object> indexes = a.subList(1, a.size());
        if (item instanceof String s) {
            long from = indexes.isEmpty() ? 0 : (Long) indexes.get(0);
            long to = indexes.size() < 2 ? s.length() : (Long) indexes.get(1);
            if (from < 0 || to > s.length() || from > to) {
                throw new IllegalArgumentException("index out of range: " + from + ":" + to);
            }
            return s.substring((int) from, (int) to);
        }
        return sprigSlice(a);
    }

    private static Object sprigSlice(List<Object> a) {
        List<Object> list = list(a.get(0), "slice");
        int from = a.size() > 1 ? (int) toInt(a.get(1)) : 0;
        int to = a.size() > 2 ? (int) toInt(a.get(2)) : list.size();
        return new ArrayList<>(list.subList(from, to));
    }

    private static String println(List<Object> a) {
        List<String> parts = new ArrayList<>();
        a.forEach(v -> parts.add(GoValues.format(v)));
        return String.join(" ", parts) + "\n";
    }

    /** sprig's strval: strings as they are, anything else as %v. */
    static String strval(Object value) {
        return value instanceof String s ? s : GoValues.format(value);
    }

    private static List<String> strslice(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list.stream().filter(v -> v != null).map(Functions::strval).toList();
        }
        return List.of(strval(value));
    }

    private static String join(List<String> parts, String separator) {
        return String.join(separator, parts);
    }

    private static String title(String s) {
        StringBuilder out = new StringBuilder();
        boolean start = true;
        for (char c : s.toCharArray()) {
            out.append(start ? Character.toTitleCase(c) : c);
            start = !Character.isLetterOrDigit(c) && c != '_' && c != '\'';
        }
        return out.toString();
    }

    private static String trimAll(String s, String cutset) {
        int start = 0;
        int end = s.length();
        while (start < end && cutset.indexOf(s.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && cutset.indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return s.substring(start, end);
    }

    private static String substr(int start, int end, String s) {
        if (start < 0) {
            return s.substring(0, Math.min(Math.max(end, 0), s.length()));
        }
        if (end < 0 || end > s.length()) {
            return s.substring(Math.min(start, s.length()));
        }
        return start > end ? "" : s.substring(start, end);
    }

    private static String trunc(int c, String s) {
        if (c < 0 && s.length() + c > 0) {
            return s.substring(s.length() + c);
        }
        if (c >= 0 && s.length() > c) {
            return s.substring(0, c);
        }
        return s;
    }

    private static String indent(int spaces, String v) {
        String pad = " ".repeat(Math.max(0, spaces));
        return pad + v.replace("\n", "\n" + pad);
    }

    private static List<String> splitGo(String s, String separator, int n) {
        List<String> parts = new ArrayList<>();
        if (n == 0) {
            return parts;
        }
        if (separator.isEmpty()) {
            s.codePoints().forEach(c -> parts.add(new String(Character.toChars(c))));
            return parts;
        }
        int from = 0;
        while (n < 0 || parts.size() < n - 1) {
            int at = s.indexOf(separator, from);
            if (at < 0) {
                break;
            }
            parts.add(s.substring(from, at));
            from = at + separator.length();
        }
        parts.add(s.substring(from));
        return parts;
    }

    private static GoMap split(String separator, String s, int n) {
        Map<String, Object> parts = new TreeMap<>();
        List<String> pieces = splitGo(s, separator, n);
        for (int i = 0; i < pieces.size(); i++) {
            parts.put("_" + i, pieces.get(i));
        }
        return new GoMap(parts, "", "map[string]string", false);
    }

    private static String b64dec(String s) {
        try {
            return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // sprig returns the error text as the value
            return "illegal base64 data at input byte " + firstBadBase64(s);
        }
    }

    private static int firstBadBase64(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '+' || c == '/' || c == '=')) {
                return i;
            }
        }
        return s.length();
    }

    private static String digest(String algorithm, String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long atoi(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** sprig's toInt64 (spf13/cast): numbers, numeric strings and bools; anything else is 0. */
    private static long toInt(Object value) {
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Double d) {
            return d.longValue();
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (value instanceof String s) {
            try {
                return Long.decode(s.strip());
            } catch (NumberFormatException e) {
                try {
                    return (long) Double.parseDouble(s.strip());
                } catch (NumberFormatException e2) {
                    return 0;
                }
            }
        }
        return 0;
    }

    private static double toFloat(Object value) {
        if (value instanceof Double d) {
            return d;
        }
        if (value instanceof String s) {
            try {
                return Double.parseDouble(s.strip());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return toInt(value);
    }

    private static List<Object> range(long from, long to) {
        if (to - from > 1_000_000) {
            throw new IllegalArgumentException("range of " + (to - from) + " numbers is too long");
        }
        List<Object> values = new ArrayList<>();
        for (long i = from; i < to; i++) {
            values.add(i);
        }
        return values;
    }

    private static String seq(List<Object> a) {
        long start = 1;
        long step = 1;
        long end;
        switch (a.size()) {
            case 1 -> end = toInt(a.get(0));
            case 2 -> {
                start = toInt(a.get(0));
                end = toInt(a.get(1));
                step = start <= end ? 1 : -1;
            }
            case 3 -> {
                start = toInt(a.get(0));
                step = toInt(a.get(1));
                end = toInt(a.get(2));
            }
            default -> {
                return "";
            }
        }
        List<String> out = new ArrayList<>();
        if (step == 0 || (step > 0 && start > end) || (step < 0 && start < end)) {
            return "";
        }
        for (long i = start; step > 0 ? i <= end : i >= end; i += step) {
            if (out.size() > 1_000_000) {
                throw new IllegalArgumentException("seq is too long");
            }
            out.add(Long.toString(i));
        }
        return String.join(" ", out);
    }

    private static GoMap dict(List<Object> a) {
        Map<String, Object> entries = new TreeMap<>();
        for (int i = 0; i < a.size(); i += 2) {
            entries.put(strval(a.get(i)), i + 1 < a.size() ? a.get(i + 1) : "");
        }
        return GoMap.of(entries);
    }

    private static List<Object> keys(List<Object> a) {
        List<Object> keys = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            keys.addAll(map(a, i).entries().keySet());
        }
        return keys;
    }

    private static List<Object> append(List<Object> list, Object value, boolean front) {
        List<Object> out = new ArrayList<>(list);
        if (front) {
            out.add(0, value);
        } else {
            out.add(value);
        }
        return out;
    }

    private static List<Object> reverse(List<Object> list) {
        List<Object> out = new ArrayList<>(list);
        java.util.Collections.reverse(out);
        return out;
    }

    private static Pattern regex(String expression) {
        try {
            return Pattern.compile(expression);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("error parsing regexp: " + e.getDescription() + ": `" + expression + "`");
        }
    }

    /** Go's ${1} / $1 / $name replacement syntax in Java's form. */
    private static String goReplacement(String replacement) {
        Matcher m = Pattern.compile("\\$(\\{(\\w+)}|(\\w+))").matcher(replacement);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            out.append(Matcher.quoteReplacement(replacement.substring(last, m.start())));
            String group = m.group(2) != null ? m.group(2) : m.group(3);
            out.append(group.chars().allMatch(Character::isDigit) ? "$" + group : "${" + group + "}");
            last = m.end();
        }
        out.append(Matcher.quoteReplacement(replacement.substring(last)));
        return out.toString();
    }

    private static List<Object> regexFindAll(List<Object> a) {
        Matcher m = regex(string(a, 0)).matcher(string(a, 1));
        long n = integer(a, 2);
        List<Object> found = new ArrayList<>();
        while (m.find() && (n < 0 || found.size() < n)) {
            found.add(m.group());
        }
        return found;
    }

    private static List<Object> regexSplit(List<Object> a) {
        long n = integer(a, 2);
        String[] parts = regex(string(a, 0)).split(string(a, 1), n < 0 ? -1 : (int) n);
        return new ArrayList<>(List.of(parts));
    }

    private static String kindOf(Object value) {
        if (value instanceof GoMap) {
            return "map";
        }
        if (value instanceof List<?>) {
            return "slice";
        }
        if (value instanceof GoStruct s) {
            return s.goType().startsWith("*") ? "ptr" : "struct";
        }
        if (value instanceof GoNil) {
            return "ptr";
        }
        return GoValues.kind(value) == GoValues.Kind.INVALID ? "invalid" : GoValues.typeName(value);
    }

    private static String expandenv(String s, Map<String, String> environment) {
        Matcher m = Pattern.compile("\\$(\\{([^}]*)}|([A-Za-z0-9_]+))").matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(2) != null ? m.group(2) : m.group(3);
            m.appendReplacement(out, Matcher.quoteReplacement(environment.getOrDefault(name, "")));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String pathBase(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        String trimmed = path.replaceAll("/+$", "");
        if (trimmed.isEmpty()) {
            return "/";
        }
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    private static String pathDir(String path) {
        int slash = path.lastIndexOf('/');
        if (slash < 0) {
            return ".";
        }
        String dir = path.substring(0, slash);
        return dir.isEmpty() ? "/" : dir;
    }
}
