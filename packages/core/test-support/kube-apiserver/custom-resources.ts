// A CustomResourceDefinition shaped like the ones operators ship (a namespaced kind, two versions,
// one of them stored), and objects of it, for tests that read custom resources from a cluster.
import type { KubeObject } from './store.ts';

export const widgetDefinition: KubeObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.org' },
  spec: {
    group: 'example.org',
    scope: 'Namespaced',
    names: { kind: 'Widget', listKind: 'WidgetList', plural: 'widgets', singular: 'widget', shortNames: ['wg'] },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            description: 'A widget: some replicas of a thing.',
            properties: {
              apiVersion: { type: 'string' },
              kind: { type: 'string' },
              metadata: { type: 'object' },
              spec: {
                type: 'object',
                required: ['size'],
                properties: {
                  size: { type: 'integer', description: 'How many replicas of the widget run.' },
                  colour: { type: 'string', enum: ['red', 'green', 'blue'] },
                  port: { 'x-kubernetes-int-or-string': true },
                  extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                },
              },
              status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
            },
          },
        },
      },
      { name: 'v1alpha1', served: false, storage: false, schema: { openAPIV3Schema: { type: 'object' } } },
    ],
  },
};

export function widget(name: string, namespace: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'example.org/v1', kind: 'Widget', metadata: { name, namespace }, spec };
}
