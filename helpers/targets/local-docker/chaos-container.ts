// testcontainers' GenericContainer with the three Docker settings the topology needs and
// the builder does not expose.
import { GenericContainer } from 'testcontainers';
// For its settings of testcontainers (no Ryuk), which must hold before any container starts.
import '../../docker/docker-api.js';

export class ChaosContainer extends GenericContainer {
  /** An init process as PID 1, so the application is a child that `kill -9` from inside can reach. */
  withInit(): this {
    this.hostConfig.Init = true;
    return this;
  }

  /** Restart after a crash, as the kubelet restarts a container; a deliberate stop stays stopped. */
  withRestartOnFailure(): this {
    this.hostConfig.RestartPolicy = { Name: 'on-failure', MaximumRetryCount: 0 };
    return this;
  }

  /** Joins one user network with DNS aliases, at creation (testcontainers would also join the default bridge). */
  onNetwork(network: string, ...aliases: string[]): this {
    this.networkMode = network;
    this.createOpts.NetworkingConfig = { EndpointsConfig: { [network]: { Aliases: aliases } } };
    return this;
  }

  /** Publishes a port on 127.0.0.1 only (testcontainers publishes on every interface). */
  withLoopbackPort(port: number): this {
    this.withExposedPorts(port);
    this.hostConfig.PortBindings = { ...this.hostConfig.PortBindings, [`${port}/tcp`]: [{ HostIp: '127.0.0.1', HostPort: '0' }] };
    return this;
  }
}
