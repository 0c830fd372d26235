import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.LogManager;

import org.rapaio.jupyter.kernel.MainApp;
import org.rapaio.jupyter.kernel.channels.Channels;
import org.rapaio.jupyter.kernel.core.ConnectionProperties;
import org.rapaio.jupyter.kernel.core.Transform;

/**
 * Starts rapaio-jupyter-kernel 3.0.1 the way its {@code MainApp} does, with one difference: the
 * message-handler table of {@link Channels} exists before the sockets are bound.
 *
 * <p>Why: {@code Channels.connect} binds the shell socket and starts its polling thread first and
 * creates the handler table afterwards. A {@code kernel_info_request} that arrives in between (Jupyter
 * sends one as soon as the kernel process starts) makes the shell thread throw a
 * {@code NullPointerException} and die, and the kernel never answers ("Kernel didn't respond in 60
 * seconds"); on a busy machine this happened in one start out of five. With an empty table in place,
 * such an early request finds no handler and is dropped, and the client's next retry is answered.
 *
 * <p>Usage (written into kernel.json by notebooks/setup.sh):
 * {@code java -cp rapaio-jupyter-kernel.jar:<dir of this class> KernelLauncher {connection_file}}
 */
public final class KernelLauncher {

    private KernelLauncher() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("expected one argument, the Jupyter connection file; got "
                    + args.length);
        }
        try (InputStream logging = MainApp.class.getClassLoader().getResourceAsStream("logging.properties")) {
            if (logging != null) {
                LogManager.getLogManager().readConfiguration(logging);
            }
        }
        ConnectionProperties connection = readConnection(Path.of(args[0]));
        Channels channels = new Channels(connection);
        Field handlers = Channels.class.getDeclaredField("handlers");
        handlers.setAccessible(true);
        handlers.set(channels, new ConcurrentHashMap<>());
        channels.connect(MainApp.kernel);
        channels.joinUntilClose();
    }

    private static ConnectionProperties readConnection(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("connection file '" + file + "' is not a file");
        }
        ConnectionProperties connection = Transform.fromJson(Files.readString(file, StandardCharsets.UTF_8),
                ConnectionProperties.class);
        if ("ipc".equals(connection.transport())) {
            throw new IllegalArgumentException("the ipc transport is not supported by the kernel; use tcp");
        }
        return connection;
    }
}
