import { ConfigError, parseConfig, type Config } from './config.js';
import { runServer } from './start.js';

function readConfig(): Config {
  try {
    return parseConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`billpay-sim: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

/** `npm start`: the configuration from the environment, then the one start sequence (start.ts). */
await runServer(readConfig());
