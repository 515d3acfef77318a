// The Docker settings the topology needs and testcontainers' builders do not expose, as one
// mixin for GenericContainer and the modules built on it (PostgreSqlContainer, RedisContainer).
import { PostgreSqlContainer } from '@testcontainers/postgresql';
import { RedisContainer } from '@testcontainers/redis';
import { GenericContainer, type PortWithOptionalBinding } from 'testcontainers';
// For its settings of testcontainers (no Ryuk), which must hold before any container starts.
import '../../docker/docker-api.js';

interface ChaosSettings {
  /** An init process as PID 1, so the application is a child that `kill -9` from inside can reach. */
  withInit(): this;
  /** Restart after a crash, as the kubelet restarts a container; a deliberate stop stays stopped. */
  withRestartOnFailure(): this;
  /** Joins one user network with DNS aliases, at creation (testcontainers would also join the default bridge). */
  onNetwork(network: string, ...aliases: string[]): this;
}

// TypeScript takes a class expression for a mixin only over a constructor of `any[]` (TS2545).
type ContainerClass = new (...args: any[]) => GenericContainer;
type ChaosSettingsClass = new (...args: any[]) => ChaosSettings;

function withChaosSettings<T extends ContainerClass>(Base: T): T & ChaosSettingsClass {
  return class extends Base implements ChaosSettings {
    withInit(): this {
      this.hostConfig.Init = true;
      return this;
    }

    withRestartOnFailure(): this {
      this.hostConfig.RestartPolicy = { Name: 'on-failure', MaximumRetryCount: 0 };
      return this;
    }

    onNetwork(network: string, ...aliases: string[]): this {
      this.networkMode = network;
      this.createOpts.NetworkingConfig = { EndpointsConfig: { [network]: { Aliases: aliases } } };
      return this;
    }

    /** testcontainers publishes on every interface, its modules their own ports from their constructors: this catches both. */
    override withExposedPorts(...ports: PortWithOptionalBinding[]): this {
      super.withExposedPorts(...ports);
      for (const bindings of Object.values(this.hostConfig.PortBindings ?? {}) as { HostIp?: string }[][]) {
        for (const binding of bindings) binding.HostIp = '127.0.0.1';
      }
      return this;
    }
  };
}

export const ChaosContainer = withChaosSettings(GenericContainer);
export const ChaosPostgreSqlContainer = withChaosSettings(PostgreSqlContainer);
export const ChaosRedisContainer = withChaosSettings(RedisContainer);
