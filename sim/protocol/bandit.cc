// Registers the bandit protocol (bandit.h): one replicate is the learner's own compiled loop.
#include "sim/protocol/bandit.h"

namespace regretlab::protocol {

void BanditProtocol::RunReplicate(BanditLearner& learner, BanditEnvironment& environment,
                                  ReplicateStreams& streams,
                                  CheckpointWriter<BanditProtocol>& writer) {
  learner.RunReplicate(environment, streams.learner, writer);
}

REGRETLAB_REGISTER_PROTOCOL(BanditProtocol);

}  // namespace regretlab::protocol
